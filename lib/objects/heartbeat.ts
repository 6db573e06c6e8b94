import type { Topology } from '@/lib/topology/schema';
import { createHeartbeatSql, HEARTBEAT_TABLE } from '@/lib/postgres/sql';
import type { Step } from '@/lib/plan/types';
import { objectModule, sqlCommand } from './object';

/** The panel's heartbeat table, on every node that holds its own data. */
export function heartbeatStep(t: Topology, node: string): Step {
  return {
    id: `${node}/create-heartbeat`,
    node,
    kind: 'create-heartbeat',
    summary: `Create the heartbeat table ${HEARTBEAT_TABLE} (the panel measures end-to-end latency with it)`,
    commands: [sqlCommand(t.database, createHeartbeatSql())],
    params: { kind: 'create-heartbeat', database: t.database },
  };
}

export const heartbeat = objectModule<'create-heartbeat', { table: boolean; trigger: boolean }>({
  kind: 'create-heartbeat',
  async read(io, p) {
    const [row] = await io.query<{ table: boolean; trigger: boolean }>(
      p.database,
      `SELECT to_regclass('public.${HEARTBEAT_TABLE}') IS NOT NULL AS table,
              EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'pgcascade_heartbeat_arrival' AND tgrelid = to_regclass('public.${HEARTBEAT_TABLE}') AND tgenabled = 'A') AS trigger`,
    );
    return { table: row?.table === true, trigger: row?.trigger === true };
  },
  diff(p, live) {
    if (live.table && live.trigger) return null;
    const reason = live.table ? `${HEARTBEAT_TABLE}'s arrival trigger is missing or not ENABLE ALWAYS` : `the heartbeat table ${HEARTBEAT_TABLE} is missing`;
    return { action: live.table ? 'change' : 'create', reason, commands: [sqlCommand(p.database, createHeartbeatSql())] };
  },
});
