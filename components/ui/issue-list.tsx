import type { ApiIssue } from '@/lib/queries/types';

/** The server's problems, each with its field path. */
export function IssueList({ issues }: { issues: ApiIssue[] }) {
  return (
    <ul className="list-disc pl-5">
      {issues.map((i, n) => (
        <li key={n}>
          {i.path && <code className="mr-1 text-xs">{i.path}</code>}
          {i.message}
        </li>
      ))}
    </ul>
  );
}
