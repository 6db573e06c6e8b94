'use client';
import { Card, CardHeader } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, Td, Th } from '@/components/ui/table';
import { useRowsQuery } from '@/lib/queries/rows-query';
import { arrivalCell, latestRows, type ArrivalCell, type InsertRecord } from '@/lib/queries/rows.utils';
import type { TestRow } from '@/lib/queries/types';
import { formatArrival } from './cluster.utils';

const SHOWN_ROWS = 8;

export interface NodeColumn {
  name: string;
  isStandby: boolean;
  receives: boolean;
}

function CellText({ cell }: { cell: ArrivalCell }) {
  switch (cell.kind) {
    case 'origin':
      return (
        <span className="rounded bg-blue-50 px-1.5 py-0.5 text-xs font-medium text-blue-700">inserted</span>
      );
    case 'arrived':
      return <span className="font-medium text-emerald-700">{formatArrival(cell.ms)}</span>;
    case 'present':
      return <span className="text-emerald-700">✓</span>;
    case 'waiting':
      return <span className="animate-pulse text-amber-700">waiting…</span>;
    case 'not-replicated':
      return <span className="text-slate-400">—</span>;
  }
}

const CELL_LABEL: Record<ArrivalCell['kind'], string> = {
  origin: 'inserted here',
  arrived: '',
  present: 'present',
  waiting: 'waiting',
  'not-replicated': 'not replicated here',
};

/** One replicated table: a row per test row, a column per node showing when it arrived there. */
export function ArrivalTable({
  clusterId,
  table,
  columns,
  inserts,
  enabled,
}: {
  clusterId: string;
  table: string;
  columns: NodeColumn[];
  inserts: Record<string, InsertRecord & TestRow>;
  enabled: boolean;
}) {
  const rows = useRowsQuery(clusterId, table, { enabled });
  const obs = rows.data;
  const list = latestRows(obs, inserts, SHOWN_ROWS);
  const titleId = `rows-${table}`;

  return (
    <Card aria-labelledby={titleId}>
      <CardHeader
        id={titleId}
        title={
          <>
            Rows of <code className="font-mono">{table}</code>
          </>
        }
        description="Polled on every node every 700 ms; times are from the insert's answer to the first poll that saw the row."
      />
      <Table aria-labelledby={titleId} className="table-fixed">
        <colgroup>
          <col className="w-[40%] min-w-48" />
          {columns.map((c) => (
            <col key={c.name} className="w-28" />
          ))}
        </colgroup>
        <thead>
          <tr>
            <Th scope="col">Row</Th>
            {columns.map((c) => {
              const error = obs?.nodes[c.name]?.error;
              return (
                <Th key={c.name} scope="col" className="text-center normal-case">
                  <span className="block text-sm normal-case text-slate-900">{c.name}</span>
                  <span
                    className={cn(
                      'block text-[10px] font-normal normal-case tracking-normal',
                      error ? 'text-red-600' : 'text-slate-500',
                    )}
                    title={error}
                  >
                    {error
                      ? 'unreachable'
                      : c.isStandby
                        ? 'standby · read-only'
                        : c.receives
                          ? 'primary'
                          : 'not replicated'}
                  </span>
                </Th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.isPending &&
            enabled &&
            [0, 1].map((i) => (
              <tr key={i}>
                <Td>
                  <Skeleton className="h-4 w-40" />
                </Td>
                {columns.map((c) => (
                  <Td key={c.name}>
                    <Skeleton className="mx-auto h-4 w-12" />
                  </Td>
                ))}
              </tr>
            ))}
          {!rows.isPending && list.length === 0 && (
            <tr>
              <Td colSpan={columns.length + 1} className="h-12 text-center text-slate-500">
                No rows yet: insert one above.
              </Td>
            </tr>
          )}
          {list.map((row) => {
            const insert = inserts[row.id];
            return (
              <tr key={row.id}>
                <Td className="truncate">
                  <span className="mr-2 font-mono text-xs text-slate-500">#{row.id}</span>
                  <span title={row.data ?? undefined}>
                    {row.data ?? <em className="text-slate-400">no text</em>}
                  </span>
                </Td>
                {columns.map((c) => {
                  const cell = arrivalCell(obs, row.id, c.name, insert, c.receives);
                  const label = cell.kind === 'arrived' ? formatArrival(cell.ms) : CELL_LABEL[cell.kind];
                  return (
                    <Td key={c.name} className="text-center tabular-nums">
                      <span className="sr-only">{`${c.name}: ${label}`}</span>
                      <span aria-hidden>
                        <CellText cell={cell} />
                      </span>
                    </Td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </Table>
      {rows.isError && (
        <p className="px-4 py-2 text-sm text-red-700">The rows could not be read; retrying.</p>
      )}
    </Card>
  );
}
