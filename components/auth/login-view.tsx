'use client';
import { useEffect, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { ApiError, errorMessage, issuesFrom } from '@/lib/queries/fetch-json';
import { useAuthStatusQuery } from '@/lib/queries/auth-status-query';
import { useLoginMutation } from '@/lib/queries/login-mutation';
import { useSetupMutation } from '@/lib/queries/setup-mutation';
import type { ApiIssue } from '@/lib/queries/types';
import { hasProblems, MIN_ADMIN_PASSWORD_LENGTH, setupPasswordProblems } from './auth.utils';

/** Problems at `field`, and the rest (no field, or one this form does not have) for the alert. */
function split(issues: ApiIssue[], field: string) {
  return {
    atField: issues.filter((i) => i.path === field).map((i) => i.message),
    other: issues.filter((i) => i.path !== field),
  };
}

// A full page load after logging in: nothing cached from before the session (queries, router) survives.
const enter = (next: string) => window.location.assign(next);

function LoginForm({ next }: { next: string }) {
  const login = useLoginMutation();
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const issues = login.error ? issuesFrom(login.error) : [];
  const { atField, other } = split(issues, 'password');

  function handleSubmit(e: FormEvent) {
    e.preventDefault();
    login.mutate({ username: username.trim(), password }, { onSuccess: () => enter(next) });
  }

  return (
    <Card>
      <CardHeader title="Log in" description="Enter your user name and password." />
      <CardBody>
        <form onSubmit={handleSubmit} noValidate className="space-y-4">
          {other.length > 0 && (
            <Alert tone="error" title="You could not be logged in">
              {other.map((i) => i.message).join('; ')}
            </Alert>
          )}
          <Field id="login-username" label="User name">
            {(p) => (
              <Input
                {...p}
                autoComplete="username"
                value={username}
                onChange={(e) => {
                  setUsername(e.target.value);
                  if (login.isError) login.reset();
                }}
              />
            )}
          </Field>
          <Field id="login-password" label="Password" errors={atField}>
            {(p) => (
              <Input
                {...p}
                type="password"
                autoComplete="current-password"
                autoFocus={username !== ''}
                value={password}
                onChange={(e) => {
                  setPassword(e.target.value);
                  if (login.isError) login.reset();
                }}
              />
            )}
          </Field>
          <Button
            type="submit"
            variant="primary"
            className="w-full"
            disabled={login.isPending || login.isSuccess}
          >
            {login.isPending || login.isSuccess ? 'Logging in…' : 'Log in'}
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}

function SetupForm({ next }: { next: string }) {
  const setup = useSetupMutation();
  const [setupToken, setSetupToken] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [checked, setChecked] = useState<ReturnType<typeof setupPasswordProblems> | null>(null);
  const server = setup.error ? issuesFrom(setup.error) : [];
  const { atField, other: notPassword } = split(server, 'password');
  const { atField: atToken, other } = split(notPassword, 'setupToken');
  const isTaken = setup.error instanceof ApiError && setup.error.status === 409;

  function handleSubmit(e: FormEvent) {
    e.preventDefault();
    const problems = setupPasswordProblems(password, confirm);
    setChecked(problems);
    if (hasProblems(problems)) return;
    setup.mutate(
      { setupToken: setupToken.trim(), username: 'admin', password },
      { onSuccess: () => enter(next) },
    );
  }

  // Once shown, the checks follow the typing so a fixed field clears at once.
  const problems = checked ? setupPasswordProblems(password, confirm) : {};

  return (
    <Card>
      <CardHeader
        title="Create the admin password"
        description="This is the first visit: choose the password of the first admin (user name admin)."
      />
      <CardBody>
        <form onSubmit={handleSubmit} noValidate className="space-y-4">
          <p className="text-sm text-slate-700">
            Anyone with this password can create and destroy PostgreSQL clusters from here and use the SSH
            credentials stored in the panel. Use at least {MIN_ADMIN_PASSWORD_LENGTH} characters and keep it
            in a password manager: the panel asks for it again whenever a session ends.
          </p>
          {other.length > 0 && (
            <Alert tone="error" title="The password could not be created">
              {other.map((i) => i.message).join('; ')}
              {isTaken && ' Reload the page to log in.'}
            </Alert>
          )}
          <Field
            id="setup-token"
            label="Setup token"
            errors={atToken}
            hint="Printed in the panel's log when it started, and kept in the file setup-token in its data dir."
          >
            {(p) => (
              <Input
                {...p}
                autoComplete="off"
                autoFocus
                value={setupToken}
                onChange={(e) => {
                  setSetupToken(e.target.value);
                  if (setup.isError) setup.reset();
                }}
              />
            )}
          </Field>
          <Field
            id="setup-password"
            label="Admin password"
            errors={[...(problems.password ?? []), ...atField]}
            hint={`At least ${MIN_ADMIN_PASSWORD_LENGTH} characters.`}
          >
            {(p) => (
              <Input
                {...p}
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(e) => {
                  setPassword(e.target.value);
                  if (setup.isError) setup.reset();
                }}
              />
            )}
          </Field>
          <Field id="setup-confirm" label="Type it again" errors={problems.confirm}>
            {(p) => (
              <Input
                {...p}
                type="password"
                autoComplete="new-password"
                value={confirm}
                onChange={(e) => setConfirm(e.target.value)}
              />
            )}
          </Field>
          <Button
            type="submit"
            variant="primary"
            className="w-full"
            disabled={setup.isPending || setup.isSuccess}
          >
            {setup.isPending || setup.isSuccess ? 'Creating…' : 'Create the password and log in'}
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}

/** The login page: first-visit setup when no admin password exists yet, the login form otherwise. */
export function LoginView({ next }: { next: string }) {
  const status = useAuthStatusQuery();
  const isAuthenticated = status.data?.authenticated === true;

  // Already logged in (a bookmark of /login, or a second tab): carry on.
  useEffect(() => {
    if (isAuthenticated) window.location.replace(next);
  }, [isAuthenticated, next]);

  return (
    <div className="space-y-6">
      <div className="flex items-center justify-center gap-2 text-lg font-semibold tracking-tight">
        <span
          aria-hidden
          className="grid size-8 place-items-center rounded-md bg-blue-600 text-sm text-white"
        >
          pg
        </span>
        pgcascade
      </div>
      {status.isPending || isAuthenticated ? (
        <Card role="status" aria-label="Checking the session">
          <CardBody className="space-y-3">
            <Skeleton className="h-6 w-40" />
            <Skeleton className="h-9" />
            <Skeleton className="h-9" />
          </CardBody>
        </Card>
      ) : status.isError ? (
        <Alert tone="error" title="The panel did not answer">
          {errorMessage(status.error)}
          <div className="mt-3">
            <Button onClick={() => void status.refetch()}>Try again</Button>
          </div>
        </Alert>
      ) : status.data.setupRequired ? (
        <SetupForm next={next} />
      ) : (
        <LoginForm next={next} />
      )}
      <p className="text-center text-xs text-slate-500">
        Scripts and CI use an API token instead (Settings → API tokens), sent as{' '}
        <code>Authorization: Bearer …</code>
      </p>
    </div>
  );
}
