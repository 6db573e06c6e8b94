import type { Standby, Topology } from '@/lib/topology/schema';
import { slotName } from '@/lib/topology';
import { PHYSICAL_ROLE, secretRef } from '@/lib/postgres/roles';
import { lastConfValue, parseConninfo, passfileLine, tlsConninfo, tlsDifference } from '@/lib/postgres/conninfo';
import { quoteConninfoValue, quoteLiteral } from '@/lib/postgres/quote';
import { bin, nodeFiles, serviceCommands, type Layout } from '@/lib/plan/layout';
import { nodeAddress, nodePort } from '@/lib/plan/derive/node-facts';
import { makeDirCommand } from '@/lib/plan/steps/commands';
import type { Command, Step } from '@/lib/plan/types';
import { objectModule, sqlCommand, type Change, type ParamsOf } from './object';
import { tlsFiles } from './tls';

type Params = ParamsOf<'clone-standby'>;

/** The password file's content: the physical role's password for the upstream only. */
const passfileContent = (p: Params, password: string) => passfileLine(p.upstreamHost, p.upstreamPort, PHYSICAL_ROLE, password);

function passfileCommand(p: Params & { passFile: string }): Command {
  return { type: 'file', path: p.passFile, content: passfileContent(p, secretRef('physical_password')), mode: 0o600, asPostgres: true };
}

/** The standby's connection to its upstream: the password is read from the passfile, never written here. */
function conninfoText(p: Params): string {
  const c: Record<string, string> = {
    user: PHYSICAL_ROLE,
    ...(p.passFile ? { passfile: p.passFile } : { password: secretRef('physical_password') }),
    host: p.upstreamHost,
    port: String(p.upstreamPort),
    ...(p.tls ? tlsConninfo(p.tls.caFile) : {}),
  };
  return Object.entries(c).map(([k, v]) => `${k}=${k === 'password' ? `'${v}'` : quoteConninfoValue(v)}`).join(' ');
}

const confLine = (name: string, value: string) => `${name} = '${value.replace(/'/g, "''")}'`;

/**
 * Stop, empty the data directory, and clone the upstream with pg_basebackup through the standby's slot. Not `-R`:
 * it would write the password into primary_conninfo; the clone gets pgcascade's primary_conninfo (with the passfile)
 * in place of the upstream's own, and standby.signal.
 */
function cloneCommands(layout: Layout, p: Params, nodeDir: string | null): Command[] {
  const dir = p.dataDir;
  // Clone into a scratch folder and rename, so an interrupted clone is never taken for a finished one.
  const scratch = `${dir}.partial`;
  const commands: Command[] = [{ type: 'shell', argv: p.service.stop, asPostgres: p.service.asPostgres, stopsServer: true }];
  if (nodeDir) commands.push(makeDirCommand(layout, nodeDir));
  if (p.passFile) commands.push(passfileCommand({ ...p, passFile: p.passFile }));
  commands.push(
    { type: 'shell', argv: ['rm', '-rf', scratch], asPostgres: true },
    {
      type: 'shell',
      argv: [bin(layout, 'pg_basebackup'), '-d', conninfoText(p), '-D', scratch, '-c', 'fast', '-X', 'stream', '-S', p.slot],
      asPostgres: true,
      ...(p.passFile ? {} : { env: { PGPASSWORD: secretRef('physical_password') } }),
    },
    {
      type: 'shell',
      argv: [
        'sh',
        '-c',
        'f="$1/postgresql.auto.conf"; { grep -v -E "^[[:space:]]*(primary_conninfo|primary_slot_name)[[:space:]]*=" "$f" 2>/dev/null || true; printf "%s\\n" "$2" "$3"; } > "$f.new" && mv "$f.new" "$f" && touch "$1/standby.signal"',
        'sh',
        scratch,
        confLine('primary_conninfo', conninfoText(p)),
        confLine('primary_slot_name', p.slot),
      ],
      asPostgres: true,
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
  const tls = tlsFiles(t, layout, standby.node);
  const params: Params = {
    kind: 'clone-standby',
    dataDir: files.dataDir,
    upstream: standby.upstream,
    upstreamHost: nodeAddress(t, standby.upstream),
    upstreamPort: nodePort(t, standby.upstream),
    slot,
    service: serviceCommands(layout, standby.node),
    ...(mayRepoint ? { mayRepoint } : {}),
    passFile: files.passFile,
    ...(tls ? { tls: { caFile: tls.caFile } } : {}),
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
  /** The password file's content (null: missing, or the step names none). */
  passfile: string | null;
}

/** Repoint a running standby: ALTER SYSTEM rewrites its one primary_conninfo line; the reload takes it (PG 13+). */
function repointCommands(p: Params): Command[] {
  return [
    sqlCommand('postgres', `ALTER SYSTEM SET primary_conninfo = ${quoteLiteral(conninfoText(p))}`),
    sqlCommand('postgres', `ALTER SYSTEM SET primary_slot_name = ${quoteLiteral(p.slot)}`),
    sqlCommand('postgres', 'SELECT pg_reload_conf()'),
  ];
}

/** How the standby logs in and checks its upstream, apart from where it connects: role, password, TLS. */
function authDifferences(p: Params, c: Record<string, string>, secrets: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  if (c.user !== PHYSICAL_ROLE) out.push(`streams as ${c.user ?? '?'}, should stream as ${PHYSICAL_ROLE}`);
  if (p.passFile) {
    if (c.password !== undefined) out.push(`its primary_conninfo carries the password, should read it from ${p.passFile}`);
    if (c.passfile !== p.passFile) out.push(`its primary_conninfo names ${c.passfile ? `passfile ${c.passfile}` : 'no passfile'}, should name ${p.passFile}`);
  } else if (c.user === PHYSICAL_ROLE && secrets.physical_password !== undefined && c.password !== undefined && c.password !== secrets.physical_password) {
    out.push(`its primary_conninfo password is not the cluster's current ${PHYSICAL_ROLE} password`);
  }
  const tls = tlsDifference(c, p.tls);
  if (tls) out.push(`its primary_conninfo ${tls}`);
  return out;
}

/** Why the password file is not the one for this upstream and the current password; null when it is. */
function passfileDifference(p: Params, live: string | null, secrets: Readonly<Record<string, string>>): string | null {
  if (!p.passFile) return null;
  if (live === null) return `its password file ${p.passFile} is missing`;
  const password = secrets.physical_password;
  if (password !== undefined) return live === passfileContent(p, password) ? null : `its password file ${p.passFile} is not for ${p.upstreamHost}:${p.upstreamPort} with the cluster's current ${PHYSICAL_ROLE} password`;
  return live.startsWith(passfileContent(p, '').trimEnd()) ? null : `its password file ${p.passFile} is not for ${p.upstreamHost}:${p.upstreamPort}`;
}

export const standby = objectModule<'clone-standby', LiveStandby>({
  kind: 'clone-standby',
  async read(io, p) {
    const [hasCluster, isStandby, running, passfile] = await Promise.all([
      io.exists(`${p.dataDir}/PG_VERSION`),
      io.exists(`${p.dataDir}/standby.signal`),
      io.isRunning(),
      p.passFile ? io.readFile(p.passFile) : Promise.resolve(null),
    ]);
    const auto = hasCluster ? ((await io.readFile(`${p.dataDir}/postgresql.auto.conf`)) ?? '') : '';
    return { hasCluster, isStandby, running, conninfo: parseConninfo(lastConfValue(auto, 'primary_conninfo') ?? ''), slot: lastConfValue(auto, 'primary_slot_name'), passfile };
  },
  diff(p, live, secrets): Change | null {
    const wanted = `standby of ${p.upstream} (${p.upstreamHost}:${p.upstreamPort}, slot ${p.slot})`;
    // The clone's commands are the step's own; the handler runs them for create and replace.
    if (!live.hasCluster) return { action: 'create', reason: `${p.upstream}'s standby has no cluster yet`, commands: [], planned: true, expected: wanted, actual: 'no cluster' };
    if (!live.isStandby) return { action: 'replace', reason: `the node is not a standby (promoted, or never cloned), should be a ${wanted}`, commands: [], planned: true, expected: wanted, actual: 'not a standby' };
    const c = live.conninfo;
    const actual = `${c.host ?? '?'}:${c.port ?? '?'}, slot ${live.slot ?? 'none'}`;
    const follows = c.host !== p.upstreamHost || c.port !== String(p.upstreamPort) || live.slot !== p.slot;
    const reasons = [...(follows ? [`follows ${actual}, should be a ${wanted}`] : []), ...authDifferences(p, c, secrets)];
    const passfile = passfileDifference(p, live.passfile, secrets);
    if (passfile) reasons.push(passfile);
    if (reasons.length === 0) return null;
    const reason = `standby ${reasons.join('; ')}`;
    // Only another upstream of another lineage needs a new clone; how it logs in is a repoint.
    if (follows && !p.mayRepoint) return { action: 'replace', reason: `${reason} (another lineage: re-cloned)`, commands: [], planned: true, expected: wanted, actual };
    const commands: Command[] = passfile && p.passFile ? [passfileCommand({ ...p, passFile: p.passFile })] : [];
    if (reasons.length > (passfile ? 1 : 0)) {
      if (!live.running) return { action: 'change', reason: `${reason}; it is not running, so it cannot be repointed`, commands: [], expected: wanted, actual };
      commands.push(...repointCommands(p));
    }
    return { action: 'change', reason, commands, expected: wanted, actual };
  },
});
