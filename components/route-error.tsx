'use client';
import { useEffect } from 'react';
import { Button, ButtonLink } from './ui/button';
import { ErrorState } from './ui/error-state';

/** The error boundary every route uses: says what happened and offers a retry. */
export function RouteError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <ErrorState
      title="This page could not be shown"
      message={error.message || 'An unexpected error happened in the panel.'}
      action={
        <div className="flex gap-2">
          <Button onClick={() => retry()}>Try again</Button>
          <ButtonLink href="/">Back to clusters</ButtonLink>
        </div>
      }
    />
  );
}
