'use client';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { SecretField } from '@/components/ui/secret-field';
import { Input, Textarea } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, Td, Th } from '@/components/ui/table';
import { useCredentialCreateMutation, type CredentialInput } from '@/lib/queries/credential-create-mutation';
import { useCredentialsQuery } from '@/lib/queries/credentials-query';
import { errorMessage, issuesFrom } from '@/lib/queries/fetch-json';
import { formatWhen, issuesByField } from './settings.utils';
import { createCredentialAction } from '@/app/(panel)/settings/actions';

interface Form {
  name: string;
  user: string;
  auth: 'key' | 'password';
  privateKey: string;
  passphrase: string;
  password: string;
  sudoPassword: string;
}

const EMPTY: Form = {
  name: '',
  user: 'root',
  auth: 'key',
  privateKey: '',
  passphrase: '',
  password: '',
  sudoPassword: '',
};

const FIELDS = ['name', 'user', 'privateKey', 'passphrase', 'password', 'sudoPassword'] as const;

/** What is sent: only the chosen way to log in, and no empty optional secret. */
function toInput(f: Form): CredentialInput {
  return {
    name: f.name.trim(),
    user: f.user.trim(),
    ...(f.auth === 'key'
      ? { privateKey: f.privateKey, ...(f.passphrase ? { passphrase: f.passphrase } : {}) }
      : { password: f.password }),
    ...(f.sudoPassword ? { sudoPassword: f.sudoPassword } : {}),
  };
}

/** Stored SSH credentials: listed without their secrets; added once, then chosen in the wizard. */
export function CredentialsCard() {
  const credentials = useCredentialsQuery();
  const create = useCredentialCreateMutation(createCredentialAction);
  const [form, setForm] = useState<Form>(EMPTY);
  const [saved, setSaved] = useState<string | null>(null);
  // The server reports a missing secret at `privateKey`: show it on whichever secret is on screen.
  const placed = issuesByField(create.error ? issuesFrom(create.error) : [], FIELDS, {
    ...(form.auth === 'password' ? { privateKey: 'password' } : {}),
  });
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));

  function handleSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    create.mutate(toInput(form), {
      onSuccess: (c) => {
        setSaved(c.name);
        setForm(EMPTY);
      },
    });
  }

  return (
    <Card aria-labelledby="credentials-title">
      <CardHeader
        id="credentials-title"
        title="SSH credentials"
        description="A user and a key or password, stored once and encrypted; choose it for SSH hosts in the wizard. Secrets are write-only: they are never shown again."
      />
      <CardBody className="space-y-5">
        {credentials.isPending ? (
          <Skeleton className="h-20" />
        ) : credentials.isError ? (
          <Alert tone="error" title="The credentials could not be loaded">
            {errorMessage(credentials.error)}
          </Alert>
        ) : credentials.data.length === 0 ? (
          <p className="text-sm text-slate-600">No stored credentials yet.</p>
        ) : (
          <div className="overflow-hidden rounded-md border border-slate-200">
            <Table aria-label="SSH credentials">
              <thead>
                <tr>
                  <Th>Name</Th>
                  <Th>User</Th>
                  <Th>Holds</Th>
                  <Th>Created</Th>
                </tr>
              </thead>
              <tbody>
                {credentials.data.map((c) => (
                  <tr key={c.id}>
                    <Td className="font-medium">{c.name}</Td>
                    <Td className="font-mono text-xs">{c.username}</Td>
                    <Td>
                      <div className="flex flex-wrap gap-1">
                        {c.hasKey && <Badge tone="blue">private key</Badge>}
                        {c.hasPassword && <Badge tone="blue">password</Badge>}
                        {c.hasSudoPassword && <Badge>sudo password</Badge>}
                      </div>
                    </Td>
                    <Td className="text-xs text-slate-600">{formatWhen(c.createdAt)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )}

        <form
          onSubmit={handleSubmit}
          noValidate
          aria-labelledby="credential-form-title"
          className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-4"
        >
          <h3 id="credential-form-title" className="text-sm font-semibold">
            Add a credential
          </h3>
          {saved && (
            <Alert tone="success" role="status">
              Saved “{saved}”. Choose it as a stored credential for SSH hosts in the wizard.
            </Alert>
          )}
          {placed.other.length > 0 && (
            <Alert tone="error" title="The credential could not be saved">
              {placed.other.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}
            </Alert>
          )}
          <div className="grid gap-3 sm:grid-cols-2">
            <Field
              id="credential-name"
              label="Name"
              errors={placed.byField.name}
              hint="e.g. testbed root key"
            >
              {(p) => (
                <Input
                  {...p}
                  value={form.name}
                  autoComplete="off"
                  onChange={(e) => set({ name: e.target.value })}
                />
              )}
            </Field>
            <Field id="credential-user" label="SSH user" errors={placed.byField.user}>
              {(p) => (
                <Input
                  {...p}
                  value={form.user}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(e) => set({ user: e.target.value })}
                />
              )}
            </Field>
          </div>
          <fieldset>
            <legend className="mb-1 block text-xs font-medium text-slate-700">Log in with</legend>
            <div className="flex gap-4 text-sm">
              {(['key', 'password'] as const).map((auth) => (
                <label key={auth} className="flex items-center gap-1.5">
                  <input
                    type="radio"
                    name="credential-auth"
                    className="accent-blue-600"
                    checked={form.auth === auth}
                    onChange={() => set({ auth })}
                  />
                  {auth === 'key' ? 'Private key' : 'Password'}
                </label>
              ))}
            </div>
          </fieldset>
          {form.auth === 'key' ? (
            <div className="grid gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
              <Field
                id="credential-private-key"
                label="Private key"
                errors={placed.byField.privateKey}
                hint="The whole PEM or OpenSSH file, BEGIN and END lines included."
              >
                {(p) => (
                  <Textarea
                    {...p}
                    rows={5}
                    value={form.privateKey}
                    spellCheck={false}
                    autoComplete="off"
                    placeholder="-----BEGIN OPENSSH PRIVATE KEY-----"
                    onChange={(e) => set({ privateKey: e.target.value })}
                  />
                )}
              </Field>
              <SecretField
                id="credential-passphrase"
                label="Key passphrase (optional)"
                errors={placed.byField.passphrase}
                value={form.passphrase}
                onChange={(v) => set({ passphrase: v })}
              />
            </div>
          ) : (
            <SecretField
              id="credential-password"
              label="SSH password"
              errors={placed.byField.password}
              className="sm:w-1/2"
              value={form.password}
              onChange={(v) => set({ password: v })}
            />
          )}
          <SecretField
            id="credential-sudo-password"
            label="Sudo password (optional)"
            errors={placed.byField.sudoPassword}
            hint="Only when the user is not root and sudo asks for a password."
            className="sm:w-1/2"
            value={form.sudoPassword}
            onChange={(v) => set({ sudoPassword: v })}
          />
          <Button type="submit" variant="primary" disabled={create.isPending}>
            {create.isPending ? 'Saving…' : 'Save credential'}
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
