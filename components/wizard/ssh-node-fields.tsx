'use client';
import Link from 'next/link';
import type { Dispatch } from 'react';
import { Field } from '@/components/ui/field';
import { SecretField } from '@/components/ui/secret-field';
import { Input, Select, Textarea } from '@/components/ui/input';
import type { Credential } from '@/lib/queries/types';
import { HostKeyCheck } from './host-key-check';
import { fieldId, type DraftNode, type DraftSsh, type WizardAction } from './wizard.utils';

export function parsePort(value: string): number | null {
  if (value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

const AUTH_LABELS: Record<DraftSsh['auth'], string> = {
  credential: 'Stored credential',
  key: 'Private key',
  password: 'Password',
};

/**
 * The SSH half of a node row: where the host is, and how the panel logs in to it. Secrets are typed into
 * password inputs and a key textarea; they stay in the wizard's memory until the cluster is created.
 */
export function SshNodeFields({
  node,
  index: i,
  errors,
  credentials,
  isLoadingCredentials,
  dispatch,
}: {
  node: DraftNode;
  index: number;
  errors: Record<string, string[]>;
  credentials: Credential[] | undefined;
  isLoadingCredentials: boolean;
  dispatch: Dispatch<WizardAction>;
}) {
  const ssh = node.ssh;
  const path = `nodes.${i}.ssh`;
  const sr = `Node ${i + 1}`;
  const setSsh = (patch: Partial<DraftSsh>) => dispatch({ type: 'update-ssh', index: i, patch });
  const hasCredentials = (credentials?.length ?? 0) > 0;

  return (
    <div className="mt-3 space-y-3 border-t border-dashed border-slate-200 pt-3">
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-[minmax(0,1fr)_6rem_minmax(0,1.2fr)]">
        <Field id={fieldId(`${path}.user`)} srPrefix={sr} label="SSH user" errors={errors[`${path}.user`]}>
          {(p) => (
            <Input
              {...p}
              value={ssh.user}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => setSsh({ user: e.target.value })}
            />
          )}
        </Field>
        <Field id={fieldId(`${path}.port`)} srPrefix={sr} label="SSH port" errors={errors[`${path}.port`]}>
          {(p) => (
            <Input
              {...p}
              type="number"
              inputMode="numeric"
              min={1}
              max={65535}
              placeholder="22"
              value={ssh.port ?? ''}
              onChange={(e) => setSsh({ port: parsePort(e.target.value) })}
            />
          )}
        </Field>
        <Field
          id={fieldId(path)}
          srPrefix={sr}
          label="Log in with"
          errors={errors[path]}
          className="col-span-2 sm:col-span-1"
        >
          {(p) => (
            <Select
              {...p}
              value={ssh.auth}
              onChange={(e) => setSsh({ auth: e.target.value as DraftSsh['auth'] })}
            >
              {(['credential', 'key', 'password'] as const).map((auth) => (
                <option key={auth} value={auth}>
                  {AUTH_LABELS[auth]}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>

      <div className="grid grid-cols-1 gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        {ssh.auth === 'credential' && (
          <Field
            id={fieldId(`${path}.credentialId`)}
            srPrefix={sr}
            label="Credential"
            errors={errors[`${path}.credentialId`]}
            hint={
              isLoadingCredentials ? (
                'Loading the stored credentials…'
              ) : !hasCredentials ? (
                <>
                  None stored yet: add one in{' '}
                  {/* A new tab: leaving the wizard would lose what is typed here. */}
                  <Link className="text-blue-700 underline" href="/settings" target="_blank">
                    Settings
                  </Link>
                  , then come back.
                </>
              ) : (
                'Its user replaces the SSH user above when the panel logs in.'
              )
            }
          >
            {(p) => (
              <Select
                {...p}
                value={ssh.credentialId}
                disabled={!hasCredentials}
                onChange={(e) => {
                  const chosen = credentials?.find((c) => c.id === e.target.value);
                  setSsh({ credentialId: e.target.value, ...(chosen ? { user: chosen.username } : {}) });
                }}
              >
                <option value="">Choose a credential</option>
                {credentials?.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({c.username})
                  </option>
                ))}
              </Select>
            )}
          </Field>
        )}
        {ssh.auth === 'key' && (
          <Field
            id={fieldId(`${path}.privateKey`)}
            srPrefix={sr}
            label="Private key"
            errors={errors[`${path}.privateKey`]}
          >
            {(p) => (
              <Textarea
                {...p}
                rows={3}
                spellCheck={false}
                autoComplete="off"
                placeholder="-----BEGIN OPENSSH PRIVATE KEY-----"
                value={ssh.privateKey}
                onChange={(e) => setSsh({ privateKey: e.target.value })}
              />
            )}
          </Field>
        )}
        {ssh.auth === 'password' && (
          <SecretField
            id={fieldId(`${path}.password`)}
            srPrefix={sr}
            label="SSH password"
            errors={errors[`${path}.password`]}
            value={ssh.password}
            onChange={(v) => setSsh({ password: v })}
          />
        )}
        <div className="space-y-3">
          {ssh.auth === 'key' && (
            <SecretField
              id={fieldId(`${path}.passphrase`)}
              srPrefix={sr}
              label="Key passphrase (optional)"
              errors={errors[`${path}.passphrase`]}
              value={ssh.passphrase}
              onChange={(v) => setSsh({ passphrase: v })}
            />
          )}
          <SecretField
            id={fieldId(`${path}.sudoPassword`)}
            srPrefix={sr}
            label="Sudo password (optional)"
            errors={errors[`${path}.sudoPassword`]}
            value={ssh.sudoPassword}
            onChange={(v) => setSsh({ sudoPassword: v })}
          />
        </div>
      </div>
      <HostKeyCheck host={node.address} port={ssh.port ?? 22} label={sr} />
    </div>
  );
}
