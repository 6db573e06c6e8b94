'use client';
import Link from 'next/link';
import { Button, ButtonLink } from '@/components/ui/button';
import { Card, CardBody } from '@/components/ui/card';
import { ErrorState } from '@/components/ui/error-state';
import { Skeleton } from '@/components/ui/skeleton';
import { StatusBadge } from '@/components/ui/status-badge';
import { Table, Td, Th } from '@/components/ui/table';
import { TopologyGraph } from '@/components/topology-graph/topology-graph';
import { FOUR_NODE_EXAMPLE } from '@/components/wizard/example';
import { errorMessage } from '@/lib/queries/fetch-json';
import { useClustersQuery } from '@/lib/queries/clusters-query';

function EmptyState() {
  return (
    <Card>
      <CardBody className="grid grid-cols-1 gap-8 p-6 lg:grid-cols-[minmax(0,1fr)_26rem] lg:p-8">
        <div>
          <h2 className="text-xl font-semibold">No clusters yet</h2>
          <p className="mt-3 text-slate-700">
            pgcascade builds PostgreSQL replication topologies: <strong>logical</strong> replication
            (publications and subscriptions, even both ways) combined with <strong>physical</strong> streaming
            standbys, on this machine or on your servers over SSH.
          </p>
          <ul className="mt-4 space-y-2 text-sm text-slate-700">
            <li>
              <strong>Plan first.</strong> You see every command and SQL statement, grouped by node, before
              anything runs, and can download it as a shell runbook.
            </li>
            <li>
              <strong>Applied step by step.</strong> Each step checks the live state, changes only what
              differs, and can be retried where it failed.
            </li>
            <li>
              <strong>Proven live.</strong> Insert test rows and watch them arrive on every node, with the
              milliseconds each took.
            </li>
          </ul>
          <div className="mt-6 flex flex-wrap gap-3">
            <ButtonLink href="/clusters/new?example=four-node" variant="primary">
              Start from the four-node example
            </ButtonLink>
            <ButtonLink href="/clusters/new">New cluster</ButtonLink>
            <ButtonLink href="/clusters/import">Add existing servers</ButtonLink>
          </div>
        </div>
        <div>
          <TopologyGraph
            topology={FOUR_NODE_EXAMPLE as Parameters<typeof TopologyGraph>[0]['topology']}
            className="h-72"
            title="The four-node example"
          />
          <p className="mt-2 text-xs text-slate-500">
            The four-node example: vm1 ⇄ vm2 logical, vm3 subscribes to both, vm4 is a standby of vm3.
          </p>
        </div>
      </CardBody>
    </Card>
  );
}

/** Every cluster with its status, newest first. */
export function ClusterList() {
  const query = useClustersQuery();

  if (query.isPending) {
    return (
      <Card role="status" aria-label="Loading clusters">
        <CardBody className="space-y-3">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-10" />
          ))}
        </CardBody>
      </Card>
    );
  }
  if (query.isError) {
    return (
      <ErrorState
        title="The clusters could not be loaded"
        message={errorMessage(query.error)}
        action={<Button onClick={() => void query.refetch()}>Try again</Button>}
      />
    );
  }
  if (query.data.length === 0) return <EmptyState />;

  return (
    <Card>
      <Table aria-label="Clusters">
        <thead>
          <tr>
            <Th>Name</Th>
            <Th>Status</Th>
            <Th className="hidden md:table-cell">Nodes</Th>
            <Th className="hidden sm:table-cell">Last job</Th>
            <Th className="hidden lg:table-cell">Created</Th>
          </tr>
        </thead>
        <tbody>
          {query.data.map((c) => (
            <tr key={c.id} className="hover:bg-slate-50">
              <Td className="font-medium">
                <Link className="text-blue-700 hover:underline" href={`/clusters/${c.id}`}>
                  {c.name}
                </Link>
                <span className="ml-2 text-xs font-normal text-slate-500">
                  {c.provider === 'local' ? 'this machine' : 'ssh'}
                </span>
              </Td>
              <Td>
                <StatusBadge status={c.status} className="min-w-20 justify-center" />
              </Td>
              <Td className="hidden font-mono text-xs text-slate-600 md:table-cell">{c.nodes.join(', ')}</Td>
              <Td className="hidden sm:table-cell">
                {c.lastJob ? (
                  <Link
                    className="inline-flex items-center gap-2 text-sm text-slate-700 hover:underline"
                    href={`/jobs/${c.lastJob.id}`}
                  >
                    {c.lastJob.kind} <StatusBadge status={c.lastJob.status} />
                  </Link>
                ) : (
                  <span className="text-slate-400">—</span>
                )}
              </Td>
              <Td className="hidden text-xs text-slate-600 lg:table-cell">
                {new Date(c.createdAt).toLocaleString()}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
