import type { ReactNode } from 'react';
import { Alert } from './alert';

/** A page-level failure to load: what failed, and a way forward. */
export function ErrorState({
  title,
  message,
  action,
}: {
  title: string;
  message: ReactNode;
  action?: ReactNode;
}) {
  return (
    <Alert tone="error" title={title}>
      <p>{message}</p>
      {action && <div className="mt-3">{action}</div>}
    </Alert>
  );
}
