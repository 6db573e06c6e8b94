import type { Standby, Subscription, Topology } from '@/lib/topology/schema';
import { LOGICAL_ROLE, PHYSICAL_ROLE, secretRef } from '@/lib/postgres/roles';
import { createSubscriptionSql } from '@/lib/postgres/sql';
import { slotName } from '@/lib/topology';
import { bin, dataDir, nodeDir, type LocalLayout } from '../layout';
import { nodeAddress, nodePort } from '../derive/node-facts';
import type { Step } from '../types';
import { makeDirCommand, pgCtlCommand, sql } from './commands';

export function createSubscriptionStep(t: Topology, sub: Subscription): Step {
  const host = nodeAddress(t, sub.publisher);
  const port = nodePort(t, sub.publisher);
  const conninfo = { host, port, dbname: t.database, user: LOGICAL_ROLE, password: secretRef('logical_password') };
  return {
    id: `${sub.node}/create-subscription/${sub.name}`,
    node: sub.node,
    kind: 'create-subscription',
    summary: `Subscribe to ${sub.publications.join(', ')} on ${sub.publisher} as ${sub.name}`,
    commands: [sql(t.database, createSubscriptionSql(sub.name, conninfo, sub.publications, sub.origin))],
    params: {
      kind: 'create-subscription',
      database: t.database,
      subscription: sub.name,
      publisher: sub.publisher,
      host,
      port,
      publications: sub.publications,
      ...(sub.origin ? { origin: sub.origin } : {}),
    },
  };
}

/** Stop, empty the data directory, and clone the upstream with pg_basebackup through the standby's slot. */
export function cloneStandbyStep(t: Topology, layout: LocalLayout, standby: Standby): Step {
  const dir = dataDir(layout, standby.node);
  const slot = slotName(standby);
  const upstreamPort = nodePort(t, standby.upstream);
  const scratch = `${dir}.partial`;
  return {
    id: `${standby.node}/clone-standby`,
    node: standby.node,
    kind: 'clone-standby',
    summary: `Clone ${standby.node} from ${standby.upstream} with pg_basebackup (slot ${slot}, fast checkpoint)`,
    commands: [
      pgCtlCommand(layout, dir, 'stop'),
      makeDirCommand(layout, nodeDir(layout, standby.node)),
      // Clone into a scratch folder and rename, so an interrupted clone is never taken for a finished one.
      { type: 'shell', argv: ['rm', '-rf', dir, scratch], asPostgres: true },
      {
        type: 'shell',
        argv: [
          bin(layout, 'pg_basebackup'),
          '-h', nodeAddress(t, standby.upstream),
          '-p', String(upstreamPort),
          '-U', PHYSICAL_ROLE,
          '-D', scratch,
          '-c', 'fast',
          '-X', 'stream',
          '-S', slot,
          '-R',
        ],
        asPostgres: true,
        env: { PGPASSWORD: secretRef('physical_password') },
      },
      { type: 'shell', argv: ['mv', '-T', scratch, dir], asPostgres: true },
    ],
    params: { kind: 'clone-standby', dataDir: dir, upstream: standby.upstream, upstreamPort, slot },
  };
}

/** The last check on a subscriber: every table of its subscriptions is copied and streaming. Changes nothing. */
export function waitSyncStep(t: Topology, node: string, subscriptions: string[]): Step {
  return {
    id: `${node}/wait-sync`,
    node,
    kind: 'wait-sync',
    summary: `Wait until ${node}'s subscriptions (${subscriptions.join(', ')}) have copied their tables and stream`,
    commands: [],
    params: { kind: 'wait-sync', database: t.database, subscriptions },
  };
}
