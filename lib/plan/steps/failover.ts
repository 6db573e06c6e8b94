import type { Topology } from '@/lib/topology/schema';
import { quoteIdent, quoteLiteral } from '@/lib/postgres/quote';
import { nodeFiles, serviceCommands, type Layout } from '../layout';
import type { Step } from '../types';
import { serviceCommand, sql } from './commands';

export type TakeoverMode = 'failover' | 'switchover';

const disableSql = (subs: string[]) =>
  subs.map((s) => `ALTER SUBSCRIPTION ${quoteIdent(s)} DISABLE`).join(';\n');

/** Stop the old subscriber from applying and writing: disable its subscriptions, (switchover) wait for the standby, stop it. */
export function fenceNodeStep(
  t: Topology,
  layout: Layout,
  node: string,
  standby: string,
  subscriptions: string[],
  mode: TakeoverMode,
): Step {
  const service = serviceCommands(layout, node);
  return {
    id: `${node}/fence-node`,
    node,
    kind: 'fence-node',
    summary:
      mode === 'switchover'
        ? `Fence ${node}: disable its subscriptions, wait until ${standby} has replayed all of its WAL, stop it`
        : `Fence ${node} if it answers: disable its subscriptions, give ${standby} a moment to catch up, stop it`,
    commands: [sql(t.database, disableSql(subscriptions)), serviceCommand(service.stop, service.asPostgres)],
    params: { kind: 'fence-node', database: t.database, subscriptions, standby, mode, service },
  };
}

/** Promote the standby with its copied subscriptions held back (they must not connect before the loss check). */
export function promoteStandbyStep(t: Topology, layout: Layout, node: string, subscriptions: string[]): Step {
  const files = nodeFiles(layout, node);
  const service = serviceCommands(layout, node);
  return {
    id: `${node}/promote-standby`,
    node,
    kind: 'promote-standby',
    summary: `Promote ${node} and keep its subscriptions (${subscriptions.join(', ')}) disabled until the loss check`,
    commands: [
      sql('postgres', 'SELECT pg_promote(wait => true, wait_seconds => 60)'),
      sql(t.database, disableSql(subscriptions)),
    ],
    params: {
      kind: 'promote-standby',
      database: t.database,
      subscriptions,
      settingsFile: files.settingsFile,
      service,
    },
  };
}

/**
 * Compare what the old subscriber had confirmed to the publisher with what the new one replayed; when the new one
 * is behind, re-copy what differs from a snapshot taken with a fresh slot, so nothing is lost or applied twice.
 */
export function checkLossStep(
  t: Topology,
  node: string,
  subscription: string,
  publisher: string,
  replaced: string,
): Step {
  return {
    id: `${node}/check-loss/${subscription}`,
    node,
    kind: 'check-loss',
    summary: `Loss check for ${subscription}: what ${replaced} confirmed to ${publisher} against what ${node} replayed; re-copy rows that may be missing`,
    commands: [
      sql(
        t.database,
        `SELECT remote_lsn FROM pg_replication_origin_status WHERE external_id = 'pg_' || (SELECT oid FROM pg_subscription WHERE subname = ${quoteLiteral(subscription)})`,
      ),
    ],
    params: { kind: 'check-loss', database: t.database, subscription, publisher, replaced },
  };
}

export function resumeSubscriptionsStep(t: Topology, node: string, subscriptions: string[]): Step {
  return {
    id: `${node}/resume-subscriptions`,
    node,
    kind: 'resume-subscriptions',
    summary: `Enable ${node}'s subscriptions (${subscriptions.join(', ')}): it is the read replica now`,
    commands: [
      sql(t.database, subscriptions.map((s) => `ALTER SUBSCRIPTION ${quoteIdent(s)} ENABLE`).join(';\n')),
    ],
    params: { kind: 'resume-subscriptions', database: t.database, subscriptions },
  };
}
