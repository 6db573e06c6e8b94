import { Badge } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import type { NodeStatus } from '@/lib/queries/types';

/** One node: name, roles, address:port, up/down, in recovery or not, server version. Fixed height. */
export function NodeCard({ node }: { node: NodeStatus }) {
  const roles = node.roles.filter((r) => r !== 'upstream');
  const isUpstream = node.roles.includes('upstream');
  return (
    <article
      aria-label={`Node ${node.name}`}
      className="flex h-40 flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <div className="flex items-start justify-between gap-2">
        <h3 className="truncate text-base font-semibold">{node.name}</h3>
        <span
          className={cn(
            'inline-flex items-center gap-1.5 text-xs font-medium',
            node.up ? 'text-emerald-700' : 'text-red-700',
          )}
        >
          <span
            aria-hidden
            className={cn('size-2 rounded-full', node.up ? 'bg-emerald-500' : 'bg-red-500')}
          />
          {node.up ? 'up' : 'down'}
        </span>
      </div>
      <div className="mt-1 flex h-6 flex-wrap gap-1 overflow-hidden">
        {roles.length === 0 && !isUpstream && <Badge>no replication</Badge>}
        {roles.map((r) => (
          <Badge key={r} tone={r === 'standby' ? 'violet' : r === 'publisher' ? 'blue' : 'neutral'}>
            {r}
          </Badge>
        ))}
        {isUpstream && <Badge tone="violet">upstream</Badge>}
      </div>
      <dl className="mt-auto grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs">
        <dt className="text-slate-500">Address</dt>
        <dd className="truncate font-mono">
          {node.address}:{node.port}
        </dd>
        <dt className="text-slate-500">Recovery</dt>
        <dd>
          {node.inRecovery === null
            ? '—'
            : node.inRecovery
              ? 'in recovery (read-only)'
              : 'primary (read-write)'}
        </dd>
        <dt className="text-slate-500">Version</dt>
        <dd className="truncate" title={node.error ?? node.version ?? undefined}>
          {node.version ? (
            `PostgreSQL ${node.version.split(' ')[0]}`
          ) : node.error ? (
            <span className="text-red-700">unreachable</span>
          ) : (
            '—'
          )}
        </dd>
      </dl>
    </article>
  );
}
