'use client';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, Td, Th } from '@/components/ui/table';
import { errorMessage, issuesFrom } from '@/lib/queries/fetch-json';
import { useTokenCreateMutation } from '@/lib/queries/token-create-mutation';
import { useTokenDeleteMutation } from '@/lib/queries/token-delete-mutation';
import { useTokensQuery } from '@/lib/queries/tokens-query';
import type { ApiToken, Role } from '@/lib/queries/types';
import { CopyField } from './copy-field';
import { formatWhen, issuesByField } from './settings.utils';
import { createTokenAction, deleteTokenAction } from '@/app/(panel)/settings/actions';

export const ROLE_OPTIONS: Role[] = ['viewer', 'operator', 'admin'];

/** API tokens for scripts and CI: list, create with a role and an optional expiry (shown once), delete. */
export function TokensCard() {
  const tokens = useTokensQuery();
  const create = useTokenCreateMutation(createTokenAction);
  const remove = useTokenDeleteMutation(deleteTokenAction);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [days, setDays] = useState('');
  const [toDelete, setToDelete] = useState<ApiToken | null>(null);
  const placed = issuesByField(create.error ? issuesFrom(create.error) : [], [
    'name',
    'role',
    'expiresInDays',
  ]);
  const created = create.data;

  function handleCreate(e: FormEvent) {
    e.preventDefault();
    const expiresInDays = days.trim() === '' ? undefined : Number(days);
    create.mutate({ name: name.trim(), role, expiresInDays }, { onSuccess: () => setName('') });
  }

  function handleDelete() {
    if (!toDelete) return;
    remove.mutate(toDelete.id, { onSuccess: () => setToDelete(null) });
  }

  return (
    <Card aria-labelledby="tokens-title">
      <CardHeader
        id="tokens-title"
        title="API tokens"
        description={
          <>
            For scripts and CI: send one as{' '}
            <code className="text-xs">Authorization: Bearer &lt;token&gt;</code>. A token can do everything
            its role allows.
          </>
        }
      />
      <CardBody className="space-y-4">
        {created && (
          <Alert tone="warning" role="status" title={`Token “${created.name}” created: copy it now`}>
            <p className="mb-2">
              It will not be shown again: the panel keeps only a hash of it. If you lose it, delete it and
              create another.
            </p>
            <CopyField value={created.token} label="New API token" />
            <Button size="sm" onClick={() => create.reset()}>
              I have copied it
            </Button>
          </Alert>
        )}

        <form onSubmit={handleCreate} noValidate className="flex flex-wrap items-start gap-2">
          <Field
            id="token-name"
            label="Token name"
            errors={placed.byField.name}
            hint="Where it will be used, e.g. ci-deploy."
            className="w-72"
          >
            {(p) => (
              <Input
                {...p}
                value={name}
                maxLength={100}
                autoComplete="off"
                onChange={(e) => setName(e.target.value)}
              />
            )}
          </Field>
          <Field id="token-role" label="Role" errors={placed.byField.role} className="w-36">
            {(p) => (
              <Select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {ROLE_OPTIONS.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field
            id="token-days"
            label="Expires after (days)"
            errors={placed.byField.expiresInDays}
            hint="Empty: until deleted."
            className="w-44"
          >
            {(p) => (
              <Input
                {...p}
                inputMode="numeric"
                value={days}
                onChange={(e) => setDays(e.target.value.replace(/[^0-9]/g, ''))}
              />
            )}
          </Field>
          <Button type="submit" className="mt-5" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create token'}
          </Button>
        </form>
        {placed.other.length > 0 && (
          <Alert tone="error" title="The token could not be created">
            {placed.other.map((i) => i.message).join('; ')}
          </Alert>
        )}

        {tokens.isPending ? (
          <Skeleton className="h-20" />
        ) : tokens.isError ? (
          <Alert tone="error" title="The tokens could not be loaded">
            {errorMessage(tokens.error)}
          </Alert>
        ) : tokens.data.length === 0 ? (
          <p className="text-sm text-slate-600">No tokens yet.</p>
        ) : (
          <div className="overflow-hidden rounded-md border border-slate-200">
            <Table aria-label="API tokens">
              <thead>
                <tr>
                  <Th>Name</Th>
                  <Th>Role</Th>
                  <Th>Expires</Th>
                  <Th>Created</Th>
                  <Th>Last used</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.map((t) => (
                  <tr key={t.id}>
                    <Td className="font-medium">{t.name}</Td>
                    <Td className="text-xs">{t.role}</Td>
                    <Td className="text-xs text-slate-600">
                      {t.expiresAt ? formatWhen(t.expiresAt) : 'never'}
                    </Td>
                    <Td className="text-xs text-slate-600">{formatWhen(t.createdAt)}</Td>
                    <Td className="text-xs text-slate-600">
                      {t.lastUsedAt ? formatWhen(t.lastUsedAt) : 'never'}
                    </Td>
                    <Td className="text-right">
                      <Button
                        size="sm"
                        variant="ghost"
                        className="text-red-700 hover:bg-red-50"
                        aria-label={`Delete token ${t.name}`}
                        onClick={() => {
                          remove.reset();
                          setToDelete(t);
                        }}
                      >
                        Delete
                      </Button>
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )}
      </CardBody>

      <Dialog
        open={toDelete !== null}
        onClose={() => setToDelete(null)}
        title={`Delete the token ${toDelete?.name ?? ''}?`}
        description="Scripts and CI jobs that send it are refused (401) from now on. This cannot be undone."
        className="w-[min(32rem,calc(100vw-2rem))]"
        footer={
          <>
            <Button onClick={() => setToDelete(null)}>Keep it</Button>
            <Button variant="danger" onClick={handleDelete} disabled={remove.isPending}>
              {remove.isPending ? 'Deleting…' : 'Delete token'}
            </Button>
          </>
        }
      >
        {remove.isError ? (
          <Alert tone="error" title="The token could not be deleted">
            {errorMessage(remove.error)}
          </Alert>
        ) : (
          <p className="text-sm text-slate-700">Replace it where it is used with a new token first.</p>
        )}
      </Dialog>
    </Card>
  );
}
