import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { ApiError, errorMessage } from '@/lib/queries/fetch-json';

/** Why a job could not be queued, with a link to the job that holds the cluster when there is one (409). */
export function JobStartError({ title, error }: { title: string; error: unknown }) {
  const activeJobId =
    error instanceof ApiError ? (error.body as { activeJobId?: string } | undefined)?.activeJobId : undefined;
  return (
    <Alert tone="error" title={title}>
      {errorMessage(error)}
      {activeJobId && (
        <>
          {' '}
          <Link className="font-medium underline" href={`/jobs/${activeJobId}`}>
            Open that job
          </Link>
        </>
      )}
    </Alert>
  );
}
