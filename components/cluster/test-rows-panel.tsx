'use client';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { errorMessage } from '@/lib/queries/fetch-json';
import type { InsertRecord } from '@/lib/queries/rows.utils';
import { useTestRowInsertMutation } from '@/lib/queries/test-row-insert-mutation';
import type { TestRow } from '@/lib/queries/types';
import type { Topology } from '@/lib/topology/schema';
import { ArrivalTable, type NodeColumn } from './arrival-table';
import { receivers, replicatedTables, writablePairs } from './cluster.utils';
import { insertTestRowAction } from '@/app/(panel)/clusters/[id]/actions';

type Inserts = Record<string, Record<string, InsertRecord & TestRow>>;

/** Insert test rows on writable nodes and watch them arrive on every node, with the time each took. */
export function TestRowsPanel({
  clusterId,
  topology,
  isLive,
}: {
  clusterId: string;
  topology: Topology;
  isLive: boolean;
}) {
  const [text, setText] = useState('');
  const [inserts, setInserts] = useState<Inserts>({});
  const [last, setLast] = useState<string | null>(null);
  const insert = useTestRowInsertMutation(clusterId, insertTestRowAction);
  const pairs = writablePairs(topology);
  const tables = replicatedTables(topology);

  function handleInsert(node: string, table: string) {
    insert.mutate(
      { node, table, data: text.trim() || undefined },
      {
        onSuccess: ({ row, t0 }) => {
          setInserts((prev) => ({ ...prev, [table]: { ...prev[table], [row.id]: { ...row, node, t0 } } }));
          setLast(`Inserted row #${row.id} on ${node} into ${table}; watching it arrive on the other nodes.`);
        },
      },
    );
  }

  return (
    <section aria-labelledby="test-rows-title" className="space-y-4">
      <Card>
        <CardHeader
          id="test-rows-title"
          title="Test rows"
          description="Insert a row on a node that accepts writes and watch it reach the others. Standbys are read-only: they receive rows, never take them."
        />
        <CardBody className="space-y-3">
          <Field
            id="test-row-text"
            label="Text for the row (optional)"
            className="max-w-md"
            hint="Left empty, the row says where and when it was inserted."
          >
            {(p) => (
              <Input
                {...p}
                value={text}
                maxLength={100}
                placeholder="hello from the panel"
                onChange={(e) => setText(e.target.value)}
              />
            )}
          </Field>
          <div className="flex flex-wrap items-center gap-2">
            {pairs.map((pair) => (
              <Button
                key={`${pair.node}/${pair.table}`}
                variant="primary"
                disabled={!isLive || insert.isPending}
                aria-label={`Insert test row on ${pair.node} into ${pair.table}`}
                onClick={() => handleInsert(pair.node, pair.table)}
              >
                Insert on {pair.node} → <code className="font-mono">{pair.table}</code>
              </Button>
            ))}
            {pairs.length === 0 && (
              <p className="text-sm text-slate-500">
                No node publishes a table, so there is nothing to insert into.
              </p>
            )}
          </div>
          <p role="status" className="min-h-5 text-sm text-slate-600">
            {insert.isPending ? 'Inserting…' : (last ?? '')}
          </p>
          {insert.isError && (
            <Alert tone="error" title="The row could not be inserted">
              {errorMessage(insert.error)}
            </Alert>
          )}
        </CardBody>
      </Card>
      {tables.map((table) => {
        const reach = receivers(topology, table);
        const columns: NodeColumn[] = topology.nodes.map((n) => ({
          name: n.name,
          isStandby: topology.standbys.some((s) => s.node === n.name),
          receives: reach.has(n.name),
        }));
        return (
          <ArrivalTable
            key={table}
            clusterId={clusterId}
            table={table}
            columns={columns}
            inserts={inserts[table] ?? {}}
            enabled={isLive}
          />
        );
      })}
    </section>
  );
}
