import type { ClusterSnapshot } from '@/lib/monitor/snapshot';
import { diagnoseAll } from './catalogue';
import { code } from './entries/entry';
import { diagnoseSlots } from './live-slots';
import { quoteLiteral, quoteShell } from '@/lib/postgres/quote';
import { diagnoseSubscriptions, type ApplyFailuresByNode, type LogFileOf } from './live-subscriptions';
import type { Diagnosis } from './types';

export interface LiveOptions {
  /** Latest apply-worker failures per subscriber node, from its server log. */
  applyFailures?: ApplyFailuresByNode;
  /** An inactive slot holding at least this much WAL is diagnosed (default: one 16 MB segment). */
  minRetainedBytes?: number;
  /** Where each node's server log is (default: Debian's postgresql-common path). */
  logFile?: LogFileOf;
  /** Subscriptions (`node/name`) known to be failing even if a sample caught their worker between restarts. */
  failing?: ReadonlySet<string>;
}

const DEBIAN_LOG: LogFileOf = () => '/var/log/postgresql/postgresql-15-main.log';
const tail = (file: string) => code(`sudo tail -n 50 ${quoteShell(file)}`);

function nodesDown(s: ClusterSnapshot, logFile: LogFileOf): Diagnosis[] {
  return s.nodes
    .filter((n) => !n.up)
    .flatMap((n) => {
      const broken = s.edges
        .filter((e) => e.from === n.name || e.to === n.name)
        .map((e) => `${e.from} → ${e.to}`);
      const down: Diagnosis = {
        id: 'node-down',
        node: n.name,
        title: `${n.name} is down`,
        meaning: `The panel cannot reach PostgreSQL on ${n.name}: ${n.error ?? 'no answer'}.${broken.length ? ` Replication stops on ${broken.join(', ')}; upstream slots keep WAL for it meanwhile.` : ''}`,
        fix: [
          `On ${n.name}'s host, check the service: ${code('sudo systemctl status postgresql@15-main')}`,
          `If it stopped, read why before starting it: ${tail(logFile(n.name))}, then ${code('sudo systemctl start postgresql@15-main')}`,
        ],
      };
      return [down, ...diagnoseAll(n.error ?? '', { node: n.name })];
    });
}

function standbysNotStreaming(s: ClusterSnapshot, logFile: LogFileOf): Diagnosis[] {
  const up = new Set(s.nodes.filter((n) => n.up).map((n) => n.name));
  return s.edges
    .filter((e) => e.kind === 'physical' && !e.healthy && up.has(e.from) && up.has(e.to))
    .map((e): Diagnosis => {
      const receiver = s.nodes.find((n) => n.name === e.to)?.walReceiver;
      return {
        id: 'standby-not-streaming',
        node: e.to,
        title: `Standby ${e.to} is not streaming from ${e.from}`,
        meaning: `${e.reason ?? `${e.to} is not streaming`}. ${receiver ? `Its WAL receiver is ${receiver.status}.` : `It has no WAL receiver: it is not connecting to ${e.from} at all.`} It falls behind, and ${e.from} keeps WAL in slot ${e.label} for it.`,
        fix: [
          `On ${e.to}: ${code('SHOW primary_conninfo;')} ${code('SHOW primary_slot_name;')} must point at ${e.from} and slot ${e.label}.`,
          `Read the reason in ${e.to}'s log (could not connect to the primary server, requested WAL segment has already been removed, ...): ${tail(logFile(e.to))}`,
          `On ${e.from}, check the slot exists: ${code(`SELECT slot_name, active, wal_status FROM pg_replication_slots WHERE slot_name = ${quoteLiteral(e.label)};`)}`,
        ],
      };
    });
}

/** Everything wrong in one monitoring snapshot, each with its meaning and fix: nodes down first, then edges, subscriptions, slots. */
export function diagnoseSnapshot(snapshot: ClusterSnapshot, options: LiveOptions = {}): Diagnosis[] {
  const logFile = options.logFile ?? DEBIAN_LOG;
  return [
    ...nodesDown(snapshot, logFile),
    ...standbysNotStreaming(snapshot, logFile),
    ...diagnoseSubscriptions(snapshot, options.applyFailures ?? {}, logFile, options.failing),
    ...diagnoseSlots(snapshot, options.minRetainedBytes ?? 16 * 1024 ** 2),
  ];
}
