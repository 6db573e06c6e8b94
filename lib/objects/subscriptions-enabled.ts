import type { Topology } from '@/lib/topology/schema';
import { enableSubscriptionSql } from '@/lib/postgres/sql';
import type { Step } from '@/lib/plan/types';
import { listOf, objectModule, sqlCommand, type Change, type ParamsOf } from './object';

type Params = ParamsOf<'enable-subscriptions'>;

/**
 * The subscriptions pgcascade makes on a node, which it creates disabled and then enables in one transaction.
 * PostgreSQL 15's launcher starts apply workers at most once per wal_retrieve_retry_interval, but every worker it
 * finds missing in that pass: enabled one by one, a node's second subscription waits a whole interval.
 */
export function subscriptionsEnabledTogether(t: Topology, node: string): string[] {
  return t.subscriptions.filter((s) => s.node === node && !s.adopted).map((s) => s.name);
}

function enableCommands(database: string, names: readonly string[]) {
  return [sqlCommand(database, ['BEGIN', ...names.map(enableSubscriptionSql), 'COMMIT'].join(';\n'))];
}

/** After the node's last CREATE SUBSCRIPTION (its lane keeps the order); null when it makes none. */
export function enableSubscriptionsStep(t: Topology, node: string): Step | null {
  const subscriptions = subscriptionsEnabledTogether(t, node);
  if (subscriptions.length === 0) return null;
  const params: Params = { kind: 'enable-subscriptions', database: t.database, subscriptions };
  return {
    id: `${node}/enable-subscriptions`,
    node,
    kind: 'enable-subscriptions',
    summary:
      subscriptions.length === 1
        ? `Enable ${node}'s subscription ${subscriptions[0]}`
        : `Enable ${node}'s subscriptions ${subscriptions.join(', ')} in one transaction (their workers start together)`,
    commands: enableCommands(t.database, subscriptions),
    params,
  };
}

/** Each listed subscription that exists, and whether it is enabled. */
type LiveEnabled = Record<string, boolean>;

const READ_SQL = `SELECT subname, subenabled FROM pg_subscription
 WHERE subname = ANY($1) AND subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())`;

export const subscriptionsEnabled = objectModule<'enable-subscriptions', LiveEnabled>({
  kind: 'enable-subscriptions',
  async read(io, p) {
    const rows = await io.query<{ subname: string; subenabled: boolean }>(p.database, READ_SQL, [p.subscriptions]);
    return Object.fromEntries(rows.map((r) => [r.subname, r.subenabled === true]));
  },
  diff(p, live): Change | null {
    const disabled = p.subscriptions.filter((name) => live[name] === false);
    const missing = p.subscriptions.filter((name) => live[name] === undefined);
    if (disabled.length === 0 && missing.length === 0) return null;
    const reason = [
      disabled.length > 0 ? `subscription${disabled.length > 1 ? 's' : ''} ${disabled.join(', ')} ${disabled.length > 1 ? 'are' : 'is'} disabled` : '',
      missing.length > 0 ? `${missing.join(', ')} will be enabled once created` : '',
    ]
      .filter(Boolean)
      .join('; ');
    return {
      action: 'change',
      reason,
      commands: enableCommands(p.database, p.subscriptions.filter((name) => live[name] !== true)),
      expected: 'enabled',
      actual: [disabled.length > 0 ? `disabled: ${listOf(disabled)}` : '', missing.length > 0 ? `not created yet: ${listOf(missing)}` : ''].filter(Boolean).join('; '),
    };
  },
});
