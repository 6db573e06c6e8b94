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
import { useUserCreateMutation } from '@/lib/queries/user-create-mutation';
import { useUserDeleteMutation } from '@/lib/queries/user-delete-mutation';
import { useUserUpdateMutation } from '@/lib/queries/user-update-mutation';
import { useUsersQuery } from '@/lib/queries/users-query';
import type { PanelUser, Role } from '@/lib/queries/types';
import { formatWhen, issuesByField } from './settings.utils';
import { ROLE_OPTIONS } from './tokens-card';
import { createUserAction, deleteUserAction, updateUserAction } from '@/app/(panel)/settings/actions';

/** Users and their roles: add, change the role, set a new password (ends their sessions), remove. */
export function UsersCard() {
  const users = useUsersQuery();
  const create = useUserCreateMutation(createUserAction);
  const update = useUserUpdateMutation(updateUserAction);
  const remove = useUserDeleteMutation(deleteUserAction);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [password, setPassword] = useState('');
  const [toReset, setToReset] = useState<PanelUser | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const [toDelete, setToDelete] = useState<PanelUser | null>(null);
  const placed = issuesByField(create.error ? issuesFrom(create.error) : [], ['name', 'role', 'password']);

  function handleCreate(e: FormEvent) {
    e.preventDefault();
    create.mutate(
      { name: name.trim(), role, password },
      {
        onSuccess: () => {
          setName('');
          setPassword('');
        },
      },
    );
  }

  function handleReset() {
    if (!toReset) return;
    update.mutate({ id: toReset.id, password: newPassword }, { onSuccess: () => setToReset(null) });
  }

  return (
    <Card aria-labelledby="users-title">
      <CardHeader
        id="users-title"
        title="Users"
        description="Each person logs in with their own password. Viewers watch; operators also apply, reconcile and fail over; admins also manage users, credentials, host keys, tokens and destroy."
      />
      <CardBody className="space-y-4">
        <form onSubmit={handleCreate} noValidate className="flex flex-wrap items-start gap-2">
          <Field id="user-name" label="User name" errors={placed.byField.name} className="w-44">
            {(p) => (
              <Input {...p} value={name} autoComplete="off" onChange={(e) => setName(e.target.value)} />
            )}
          </Field>
          <Field id="user-role" label="Role" errors={placed.byField.role} className="w-32">
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
            id="user-password"
            label="Initial password"
            errors={placed.byField.password}
            className="w-52"
            hint="At least 12 characters."
          >
            {(p) => (
              <Input
                {...p}
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <Button type="submit" className="mt-5" disabled={create.isPending}>
            {create.isPending ? 'Adding…' : 'Add user'}
          </Button>
        </form>
        {placed.other.length > 0 && (
          <Alert tone="error" title="The user could not be added">
            {placed.other.map((i) => i.message).join('; ')}
          </Alert>
        )}
        {update.isError && !toReset && (
          <Alert tone="error" title="The user could not be changed">
            {errorMessage(update.error)}
          </Alert>
        )}

        {users.isPending ? (
          <Skeleton className="h-20" />
        ) : users.isError ? (
          <Alert tone="error" title="The users could not be loaded">
            {errorMessage(users.error)}
          </Alert>
        ) : (
          <div className="overflow-hidden rounded-md border border-slate-200">
            <Table aria-label="Users">
              <thead>
                <tr>
                  <Th>Name</Th>
                  <Th>Role</Th>
                  <Th>Password changed</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody>
                {users.data.map((u) => (
                  <tr key={u.id}>
                    <Td className="font-medium">
                      {u.name}
                      {u.fromEnvironment && (
                        <span className="ml-1 text-xs text-slate-500">(PGCASCADE_ADMIN_PASSWORD)</span>
                      )}
                    </Td>
                    <Td>
                      <Select
                        aria-label={`Role of ${u.name}`}
                        value={u.role}
                        disabled={u.fromEnvironment || update.isPending}
                        onChange={(e) => update.mutate({ id: u.id, role: e.target.value as Role })}
                        className="w-32"
                      >
                        {ROLE_OPTIONS.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </Select>
                    </Td>
                    <Td className="text-xs text-slate-600">{formatWhen(u.passwordChangedAt)}</Td>
                    <Td className="space-x-1 text-right whitespace-nowrap">
                      <Button
                        size="sm"
                        variant="ghost"
                        disabled={u.fromEnvironment}
                        aria-label={`Set a new password for ${u.name}`}
                        onClick={() => {
                          update.reset();
                          setNewPassword('');
                          setToReset(u);
                        }}
                      >
                        New password
                      </Button>
                      <Button
                        size="sm"
                        variant="ghost"
                        className="text-red-700 hover:bg-red-50"
                        disabled={u.fromEnvironment}
                        aria-label={`Remove user ${u.name}`}
                        onClick={() => {
                          remove.reset();
                          setToDelete(u);
                        }}
                      >
                        Remove
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
        open={toReset !== null}
        onClose={() => setToReset(null)}
        title={`A new password for ${toReset?.name ?? ''}`}
        description="Their sessions end at once; they log in again with the new password."
        className="w-[min(32rem,calc(100vw-2rem))]"
        footer={
          <>
            <Button onClick={() => setToReset(null)}>Cancel</Button>
            <Button variant="primary" onClick={handleReset} disabled={update.isPending}>
              {update.isPending ? 'Saving…' : 'Set password'}
            </Button>
          </>
        }
      >
        <Field
          id="user-new-password"
          label="New password"
          errors={update.isError ? [errorMessage(update.error)] : undefined}
          hint="At least 12 characters."
        >
          {(p) => (
            <Input
              {...p}
              type="password"
              autoComplete="new-password"
              value={newPassword}
              onChange={(e) => setNewPassword(e.target.value)}
            />
          )}
        </Field>
      </Dialog>

      <Dialog
        open={toDelete !== null}
        onClose={() => setToDelete(null)}
        title={`Remove the user ${toDelete?.name ?? ''}?`}
        description="Their sessions end at once. The audit trail keeps what they did."
        className="w-[min(32rem,calc(100vw-2rem))]"
        footer={
          <>
            <Button onClick={() => setToDelete(null)}>Keep</Button>
            <Button
              variant="danger"
              disabled={remove.isPending}
              onClick={() => toDelete && remove.mutate(toDelete.id, { onSuccess: () => setToDelete(null) })}
            >
              {remove.isPending ? 'Removing…' : 'Remove user'}
            </Button>
          </>
        }
      >
        {remove.isError && (
          <Alert tone="error" title="The user could not be removed">
            {errorMessage(remove.error)}
          </Alert>
        )}
      </Dialog>
    </Card>
  );
}
