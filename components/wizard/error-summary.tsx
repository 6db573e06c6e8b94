import { Alert } from '@/components/ui/alert';
import type { ApiIssue } from '@/lib/queries/types';

/** The top-of-step notice: how many problems, and in full the ones that have no field on this step. */
export function ErrorSummary({ count, unplaced }: { count: number; unplaced: ApiIssue[] }) {
  if (count === 0) return null;
  return (
    <Alert tone="error" title={`${count} problem${count === 1 ? '' : 's'} to fix before going on`}>
      {unplaced.length < count && <p>The fields concerned are marked below.</p>}
      {unplaced.length > 0 && (
        <ul className="mt-1 list-disc space-y-0.5 pl-5">
          {unplaced.map((issue, i) => (
            <li key={i}>
              {issue.path && <code className="mr-1 rounded bg-red-100 px-1 text-xs">{issue.path}</code>}
              {issue.message}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}
