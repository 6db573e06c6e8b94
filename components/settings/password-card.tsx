'use client';
import { useState, type FormEvent } from 'react';
import { changeOwnPasswordAction } from '@/app/(panel)/settings/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { issuesFrom } from '@/lib/queries/fetch-json';
import { usePasswordChangeMutation } from '@/lib/queries/password-change-mutation';
import { issuesByField } from './settings.utils';

/** The logged-in user's own password; every other session of theirs ends when it changes. */
export function PasswordCard() {
  const change = usePasswordChangeMutation(changeOwnPasswordAction);
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const placed = issuesByField(change.error ? issuesFrom(change.error) : [], [
    'currentPassword',
    'newPassword',
  ]);

  function handleSubmit(e: FormEvent) {
    e.preventDefault();
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrent('');
          setNew('');
        },
      },
    );
  }

  return (
    <Card aria-labelledby="password-title">
      <CardHeader
        id="password-title"
        title="Your password"
        description="Your other sessions end when it changes."
      />
      <CardBody className="space-y-3">
        {change.isSuccess && (
          <Alert tone="success" role="status" title="Password changed">
            Other browsers logged in as you must log in again.
          </Alert>
        )}
        {placed.other.length > 0 && (
          <Alert tone="error" title="The password could not be changed">
            {placed.other.map((i) => i.message).join('; ')}
          </Alert>
        )}
        <form onSubmit={handleSubmit} noValidate className="flex flex-wrap items-start gap-2">
          <Field
            id="own-current"
            label="Current password"
            errors={placed.byField.currentPassword}
            className="w-52"
          >
            {(p) => (
              <Input
                {...p}
                type="password"
                autoComplete="current-password"
                value={currentPassword}
                onChange={(e) => setCurrent(e.target.value)}
              />
            )}
          </Field>
          <Field
            id="own-new"
            label="New password"
            errors={placed.byField.newPassword}
            hint="At least 12 characters."
            className="w-52"
          >
            {(p) => (
              <Input
                {...p}
                type="password"
                autoComplete="new-password"
                value={newPassword}
                onChange={(e) => setNew(e.target.value)}
              />
            )}
          </Field>
          <Button type="submit" className="mt-5" disabled={change.isPending}>
            {change.isPending ? 'Changing…' : 'Change password'}
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
