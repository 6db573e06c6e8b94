import type { NodeFiles } from '@/lib/plan/layout';
import type { LiveNode, LivePublication, LiveRole, LiveSetting, LiveSlot, LiveSubscription, LiveTable, LiveUpstream } from './live-state';
import { DATABASE_SQL, NODE_SQL } from './live-sql';

/** How the collector reaches one node: SQL as the superuser, and the node's files. */
export interface LiveIo {
  /** Run SQL as the superuser on `database` of the node. */
  query(sql: string, params: unknown[], database: string): Promise<Record<string, unknown>[]>;
  /** A file's text, or null when it does not exist. */
  readFile(path: string): Promise<string | null>;
}

type Row = Record<string, unknown>;

/** A json column: node-postgres parses it, other drivers may hand over the text; json_agg of no rows is null. */
function json(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

function jsonRows(value: unknown): Row[] {
  const parsed = json(value);
  return Array.isArray(parsed) ? parsed.filter((r): r is Row => typeof r === 'object' && r !== null) : [];
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const port = (v: unknown): number | null => (v === null || v === undefined || v === '' || !Number.isInteger(Number(v)) ? null : Number(v));
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

function settingsOf(value: unknown): Record<string, LiveSetting> {
  const settings: Record<string, LiveSetting> = {};
  for (const r of jsonRows(value)) {
    settings[String(r.name)] = {
      setting: String(r.setting ?? ''),
      unit: text(r.unit),
      vartype: String(r.vartype ?? 'string'),
      pendingRestart: r.pending_restart === true,
      sourceFile: text(r.sourcefile),
    };
  }
  return settings;
}

const roleOf = (r: Row): LiveRole => ({
  name: String(r.name),
  canLogin: r.can_login === true,
  replication: r.replication === true,
  superuser: r.superuser === true,
  monitor: r.monitor === true,
});

const slotOf = (r: Row): LiveSlot => ({ name: String(r.name), type: r.type === 'logical' ? 'logical' : 'physical', active: r.active === true });

const tableOf = (r: Row): LiveTable => ({ name: String(r.name), readers: strings(r.readers) });

const publicationOf = (r: Row): LivePublication => ({ name: String(r.name), tables: strings(r.tables), rowFilter: text(r.row_filter) });

const subscriptionOf = (r: Row): LiveSubscription => ({
  name: String(r.name),
  enabled: r.enabled === true,
  host: text(r.host),
  port: port(r.port),
  publications: strings(r.publications),
  slotName: text(r.slot_name),
});

function upstreamOf(value: unknown): LiveUpstream | null {
  const parsed = json(value);
  if (!parsed || typeof parsed !== 'object') return null;
  const r = parsed as Row;
  return { host: text(r.host), port: port(r.port), slot: text(r.slot), receiverStatus: text(r.receiver_status) };
}

/**
 * Read everything drift detection compares on one node: two queries (cluster-wide on `postgres`, then the
 * topology's database if it exists) and two files. A node that cannot be read is reported unreachable, with why.
 */
export async function collectLiveNode(io: LiveIo, files: NodeFiles, database: string): Promise<LiveNode> {
  try {
    const [node = {}] = await io.query(NODE_SQL, [], 'postgres');
    const databases = strings(json(node.databases));
    const [objects = {}] = databases.includes(database) ? await io.query(DATABASE_SQL, [], database) : [];
    const [settingsFile, hbaFile] = await Promise.all([io.readFile(files.settingsFile), io.readFile(files.hbaFile)]);
    return {
      up: true,
      inRecovery: node.in_recovery === true,
      settings: settingsOf(node.settings),
      settingsFile,
      hbaFile,
      roles: jsonRows(node.roles).map(roleOf),
      databases,
      tables: jsonRows(objects.tables).map(tableOf),
      heartbeatTrigger: objects.heartbeat_trigger === true,
      publications: jsonRows(objects.publications).map(publicationOf),
      subscriptions: jsonRows(objects.subscriptions).map(subscriptionOf),
      slots: jsonRows(node.slots).map(slotOf),
      upstream: node.in_recovery === true ? upstreamOf(node.upstream) : null,
    };
  } catch (err) {
    return { up: false, error: err instanceof Error ? err.message : String(err) };
  }
}
