import type { Subscription, Topology } from '@/lib/topology/schema';
import { loginRole, secretRef } from '@/lib/postgres/roles';
import { quoteConninfoValue, quoteLiteral } from '@/lib/postgres/quote';
import { createSubscriptionSql } from '@/lib/postgres/sql';
import { bin, nodeFiles, type LocalLayout } from '@/lib/plan/layout';
import { nodeAddress, nodePort } from '@/lib/plan/derive/node-facts';
import { makeDirCommand } from '@/lib/plan/steps/commands';
import { initClusterStep } from '@/lib/plan/steps/node-setup';
import type { Command, Step } from '@/lib/plan/types';
import { objectModule, type ParamsOf } from './object';
import { conninfoOf, initialCopyNote, subscriptionStep } from './subscription';

type Params = ParamsOf<'start-subscriber'>;

/** `auto` starts from a physical copy when the publisher's database is at least this big. */
export const PHYSICAL_COPY_THRESHOLD_BYTES = 1024 ** 3;

/** The one subscription of a node that starts it from a physical copy, if any (validation allows one per node). */
export function physicalStartOf(t: Topology, node: string): Subscription | undefined {
  if (t.provider !== 'local' || t.nodes.some((n) => n.name === node && n.adopted)) return undefined;
  return t.subscriptions.find((s) => s.node === node && !s.adopted && (s.initialCopy === 'physical' || s.initialCopy === 'auto'));
}

const sh = (script: string, ...args: string[]): Command => ({ type: 'shell', argv: ['sh', '-c', script, 'sh', ...args], asPostgres: true });

/**
 * The subscriber's cluster, from its publisher: a logical slot first (made by the handler), then pg_basebackup into a
 * scratch folder, started there on the node's own port as a one-off primary (no archiving, no apply workers) that
 * recovers to the backup's consistent point and promotes; the handler cleans it and subscribes, `finish` stops it and
 * moves it in place.
 */
export function startSubscriberStep(t: Topology, layout: LocalLayout, sub: Subscription): Step {
  const files = nodeFiles(layout, sub.node);
  const dir = files.nodeDir as string;
  const scratch = `${files.dataDir}.partial`;
  const superuser = loginRole(t);
  const source = [`host=${nodeAddress(t, sub.publisher)}`, `port=${nodePort(t, sub.publisher)}`, `user=${quoteConninfoValue(superuser)}`].join(' ');
  const subParams = subscriptionStep(t, layout, sub).params as ParamsOf<'create-subscription'>;
  const options = ['copy_data = false', 'create_slot = false', 'enabled = false', `slot_name = ${quoteLiteral(sub.name)}`];
  const pgCtl = bin(layout, 'pg_ctl');
  // The clone's settings are its publisher's until set-settings rewrites them: these override what must not leak.
  const oneOff = [
    `-c port=${nodePort(t, sub.node)}`,
    `-c unix_socket_directories=${files.socketDir}`,
    '-c archive_mode=off',
    '-c max_logical_replication_workers=0',
    // Archive recovery wants a restore_command; the clone's WAL is all in its pg_wal (-X stream).
    '-c restore_command=false',
    '-c recovery_target=immediate',
    '-c recovery_target_action=promote',
  ].join(' ');
  const clone: Command[] = [
    makeDirCommand(layout, dir),
    makeDirCommand(layout, files.socketDir as string),
    { type: 'shell', argv: ['rm', '-rf', scratch], asPostgres: true },
    // -c fast: the checkpoint the backup starts from is taken at once, not spread over checkpoint_timeout. --no-sync:
    // the clone's first start fsyncs its whole data directory anyway (it was not shut down), so once is enough.
    { type: 'shell', argv: [bin(layout, 'pg_basebackup'), '-d', source, '-D', scratch, '-c', 'fast', '-X', 'stream', '--no-sync', '--no-manifest'], asPostgres: true, env: { PGPASSWORD: secretRef('superuser_password') } },
    // Whatever made the publisher follow someone is not the subscriber's; recovery.signal: recover, then promote.
    sh('f="$1/postgresql.auto.conf"; grep -v -E "^[[:space:]]*(primary_conninfo|primary_slot_name|restore_command|recovery_target[a-z_]*)[[:space:]]*=" "$f" > "$f.new" || true; mv "$f.new" "$f"; rm -f "$1/standby.signal"; touch "$1/recovery.signal"', scratch),
    { type: 'shell', argv: [pgCtl, '-D', scratch, '-l', files.logFile, '-o', oneOff, '-w', '-t', '300', 'start'], asPostgres: true },
  ];
  const finish: Command[] = [
    { type: 'shell', argv: [pgCtl, '-D', scratch, '-m', 'fast', '-w', '-t', '120', 'stop'], asPostgres: true, stopsServer: true },
    { type: 'shell', argv: ['rm', '-rf', files.dataDir], asPostgres: true },
    { type: 'shell', argv: ['mv', '-T', scratch, files.dataDir], asPostgres: true },
  ];
  const method = sub.initialCopy === 'physical' ? 'physical' : 'auto';
  const params: Params = {
    kind: 'start-subscriber',
    method,
    thresholdBytes: PHYSICAL_COPY_THRESHOLD_BYTES,
    dataDir: files.dataDir,
    logFile: files.logFile,
    database: t.database,
    publisher: sub.publisher,
    subscription: sub.name,
    slot: sub.name,
    subscriptionSql: createSubscriptionSql(sub.name, conninfoOf(subParams), subParams.publications, subParams.origin, options),
    clone,
    finish,
    rows: initClusterStep(t, layout, sub.node).commands,
  };
  return {
    id: `${sub.node}/start-subscriber`,
    node: sub.node,
    kind: 'start-subscriber',
    summary:
      method === 'physical'
        ? `Start ${sub.node} from a physical copy of ${sub.publisher} (pg_basebackup, fast checkpoint) for ${sub.name}: ${initialCopyNote(sub)}`
        : `Start ${sub.node} for ${sub.name}: ${initialCopyNote(sub)}`,
    commands: [...clone, ...finish],
    params,
  };
}

/** Whether the node has its cluster: once it has, it was started (by clone or initdb) and nothing is redone. */
export const startSubscriber = objectModule<'start-subscriber', boolean>({
  kind: 'start-subscriber',
  read: (io, p) => io.exists(`${p.dataDir}/PG_VERSION`),
  diff: (p, hasCluster) =>
    hasCluster
      ? null
      : { action: 'create', reason: `${p.subscription}'s node has no cluster yet: ${p.method === 'physical' ? `cloned from ${p.publisher}` : `cloned from ${p.publisher} or made by initdb, by the size of ${p.publisher}'s database`}`, commands: [], planned: true, expected: 'a cluster', actual: 'no cluster' },
});
