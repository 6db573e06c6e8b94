import type { Standby, Topology } from '@/lib/topology/schema';
import { slotName } from '@/lib/topology';
import { PHYSICAL_ROLE, secretRef } from '@/lib/postgres/roles';
import { lastConfValue, parseConninfo } from '@/lib/postgres/conninfo';
import { quoteConninfoValue, quoteLiteral } from '@/lib/postgres/quote';
import { bin, nodeFiles, serviceCommands, type Layout } from '@/lib/plan/layout';
import { nodeAddress, nodePort } from '@/lib/plan/derive/node-facts';
import { makeDirCommand } from '@/lib/plan/steps/commands';
import type { Command, Step } from '@/lib/plan/types';
import { objectModule, sqlCommand, type Change, type ParamsOf } from './object';

type Params = ParamsOf<'clone-standby'>;

/** Stop, empty the data directory, and clone the upstream with pg_basebackup through the standby's slot. */
function cloneCommands(layout: Layout, p: Params, nodeDir: string | null): Command[] {
  const dir = p.dataDir;
  // Clone into a scratch folder and rename, so an interrupted clone is never taken for a finished one.
  const scratch = `${dir}.partial`;
  const commands: Command[] = [{ type: 'shell', argv: p.service.stop, asPostgres: p.service.asPostgres, stopsServer: true }];
  if (nodeDir) commands.push(makeDirCommand(layout, nodeDir));
  commands.push(
    { type: 'shell', argv: ['rm', '-rf', scratch], asPostgres: true },
    {
      type: 'shell',
      argv: [bin(layout, 'pg_basebackup'), '-h', p.upstreamHost, '-p', String(p.upstreamPort), '-U', PHYSICAL_ROLE, '-D', scratch, '-c', 'fast', '-X', 'stream', '-S', p.slot, '-R'],
      asPostgres: true,
      env: { PGPASSWORD: secretRef('physical_password') },
    },
    { type: 'shell', argv: ['rm', '-rf', dir], asPostgres: true },
    { type: 'shell', argv: ['mv', '-T', scratch, dir], asPostgres: true },
  );
  return commands;
}

/**
 * `previous`: the topology the cluster had, when there was one. A standby that already followed a node of the same
 * physical lineage (the same chain root) is repointed when its upstream moves; anything else is cloned.
 */
export function standbyStep(t: Topology, layout: Layout, standby: Standby, previous: Topology | null): Step {
  const files = nodeFiles(layout, standby.node);
  const slot = slotName(standby);
  const before = previous?.nodes.some((n) => n.name === standby.node) ? previous : null;
  const wasStandby = before?.standbys.find((s) => s.node === standby.node);
  const mayRepoint = !!wasStandby && chainRootOf(before as Topology, standby.node) === chainRootOf(t, standby.node);
  const params: Params = {
    kind: 'clone-standby',
    dataDir: files.dataDir,
    upstream: standby.upstream,
    upstreamHost: nodeAddress(t, standby.upstream),
    upstreamPort: nodePort(t, standby.upstream),
    slot,
    service: serviceCommands(layout, standby.node),
    ...(mayRepoint ? { mayRepoint } : {}),
  };
  const moved = wasStandby && (wasStandby.upstream !== standby.upstream || slotName(wasStandby) !== slot);
  const replaces = before && !mayRepoint;
  return {
    id: `${standby.node}/clone-standby`,
    node: standby.node,
    kind: 'clone-standby',
    summary: moved && mayRepoint
      ? `Repoint ${standby.node} from ${wasStandby.upstream} to ${standby.upstream} (slot ${slot}), no re-clone`
      : `Clone ${standby.node} from ${standby.upstream} with pg_basebackup (slot ${slot}, fast checkpoint)`,
    commands: cloneCommands(layout, params, files.nodeDir),
    params,
    ...(replaces ? { destructive: `${standby.node}'s data directory is replaced by a fresh clone of ${standby.upstream}; whatever ${standby.node} holds now is deleted` } : {}),
  };
}

function chainRootOf(t: Topology, node: string): string {
  let current = node;
  for (let i = 0; i < 100; i++) {
    const up = t.standbys.find((s) => s.node === current);
    if (!up) return current;
    current = up.upstream;
  }
  return current;
}

interface LiveStandby {
  hasCluster: boolean;
  isStandby: boolean;
  running: boolean;
  /** The last primary_conninfo and primary_slot_name in postgresql.auto.conf: the ones PostgreSQL applies. */
  conninfo: Record<string, string>;
  slot: string | null;
}

function conninfoSql(p: Params): string {
  const c = { user: PHYSICAL_ROLE, password: secretRef('physical_password'), host: p.upstreamHost, port: String(p.upstreamPort) };
  return Object.entries(c).map(([k, v]) => `${k}=${k === 'password' ? `'${v}'` : quoteConninfoValue(v)}`).join(' ');
}

/** Repoint a running standby: ALTER SYSTEM rewrites its one primary_conninfo line; the reload takes it (PG 13+). */
function repointCommands(p: Params): Command[] {
  return [
    sqlCommand('postgres', `ALTER SYSTEM SET primary_conninfo = ${quoteLiteral(conninfoSql(p))}`),
    sqlCommand('postgres', `ALTER SYSTEM SET primary_slot_name = ${quoteLiteral(p.slot)}`),
    sqlCommand('postgres', 'SELECT pg_reload_conf()'),
  ];
}

export const standby = objectModule<'clone-standby', LiveStandby>({
  kind: 'clone-standby',
  async read(io, p) {
    const [hasCluster, isStandby, running] = await Promise.all([io.exists(`${p.dataDir}/PG_VERSION`), io.exists(`${p.dataDir}/standby.signal`), io.isRunning()]);
    const auto = hasCluster ? ((await io.readFile(`${p.dataDir}/postgresql.auto.conf`)) ?? '') : '';
    return { hasCluster, isStandby, running, conninfo: parseConninfo(lastConfValue(auto, 'primary_conninfo') ?? ''), slot: lastConfValue(auto, 'primary_slot_name') };
  },
  diff(p, live, secrets): Change | null {
    const wanted = `standby of ${p.upstream} (${p.upstreamHost}:${p.upstreamPort}, slot ${p.slot})`;
    // The clone's commands are the step's own; the handler runs them for create and replace.
    if (!live.hasCluster) return { action: 'create', reason: `${p.upstream}'s standby has no cluster yet`, commands: [], planned: true, expected: wanted, actual: 'no cluster' };
    if (!live.isStandby) return { action: 'replace', reason: `the node is not a standby (promoted, or never cloned), should be a ${wanted}`, commands: [], planned: true, expected: wanted, actual: 'not a standby' };
    const c = live.conninfo;
    const actual = `${c.host ?? '?'}:${c.port ?? '?'}, slot ${live.slot ?? 'none'}`;
    const reasons: string[] = [];
    if (c.host !== p.upstreamHost || c.port !== String(p.upstreamPort) || live.slot !== p.slot) reasons.push(`follows ${actual}, should be a ${wanted}`);
    if (c.user !== PHYSICAL_ROLE) reasons.push(`streams as ${c.user ?? '?'}, should stream as ${PHYSICAL_ROLE}`);
    else if (secrets.physical_password !== undefined && c.password !== undefined && c.password !== secrets.physical_password) reasons.push(`its primary_conninfo password is not the cluster's current ${PHYSICAL_ROLE} password`);
    if (reasons.length === 0) return null;
    const reason = `standby ${reasons.join('; ')}`;
    if (!p.mayRepoint) return { action: 'replace', reason: `${reason} (another lineage: re-cloned)`, commands: [], planned: true, expected: wanted, actual };
    if (!live.running) return { action: 'change', reason: `${reason}; it is not running, so it cannot be repointed`, commands: [], expected: wanted, actual };
    return { action: 'change', reason, commands: repointCommands(p), expected: wanted, actual };
  },
});
