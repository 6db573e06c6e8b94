import type { ClusterSnapshot } from './snapshot';

export interface AlertThresholds {
  lagSeconds: number;
  retainedWalBytes: number;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = { lagSeconds: 10, retainedWalBytes: 1024 ** 3 };

export interface FiringAlert {
  /** Stable while the condition lasts, so an alert opens once and clears once. */
  key: string;
  severity: 'critical' | 'warning';
  message: string;
}

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;

/**
 * The alerts this snapshot fires. `previous` lets error counters count as erroring only while they grow;
 * `erroringRecently` (`node/name`) keeps a subscription erroring between two failures of a restarting worker.
 */
export function firingAlerts(
  s: ClusterSnapshot,
  thresholds: AlertThresholds = DEFAULT_THRESHOLDS,
  previous?: ClusterSnapshot,
  erroringRecently: ReadonlySet<string> = new Set(),
): FiringAlert[] {
  const out: FiringAlert[] = [];
  const down = new Set(s.nodes.filter((n) => !n.up).map((n) => n.name));
  for (const n of s.nodes)
    if (!n.up)
      out.push({
        key: `node-down:${n.name}`,
        severity: 'critical',
        message: `${n.name} is down: ${n.error ?? 'no answer'}`,
      });
  for (const e of s.edges) {
    if (e.kind === 'physical' && !e.healthy && !down.has(e.to))
      out.push({
        key: `standby-not-streaming:${e.to}`,
        severity: 'critical',
        message: `standby ${e.to} is not streaming from ${e.from}: ${e.reason}`,
      });
    if (e.lagSeconds !== null && e.lagSeconds > thresholds.lagSeconds) {
      out.push({
        key: `lag:${e.id}`,
        severity: 'warning',
        message: `${e.from} → ${e.to} lags ${e.lagSeconds.toFixed(1)} s (threshold ${thresholds.lagSeconds} s)`,
      });
    }
  }
  for (const sub of s.subscriptions) {
    if (down.has(sub.node)) continue;
    if (sub.enabled === false)
      out.push({
        key: `subscription-disabled:${sub.node}/${sub.name}`,
        severity: 'critical',
        message: `subscription ${sub.name} on ${sub.node} is disabled`,
      });
    const before = previous?.subscriptions.find((p) => p.node === sub.node && p.name === sub.name);
    const growing = before && (sub.applyErrors > before.applyErrors || sub.syncErrors > before.syncErrors);
    if (growing || erroringRecently.has(`${sub.node}/${sub.name}`) || (sub.enabled && !sub.workerRunning)) {
      out.push({
        key: `subscription-erroring:${sub.node}/${sub.name}`,
        severity: 'critical',
        message: `subscription ${sub.name} on ${sub.node} is failing (apply errors ${sub.applyErrors}, sync errors ${sub.syncErrors}, worker ${sub.workerRunning ? 'running' : 'not running'})`,
      });
    }
  }
  for (const slot of s.slots) {
    if (down.has(slot.node)) continue;
    if (!slot.active)
      out.push({
        key: `slot-inactive:${slot.node}/${slot.slot}`,
        severity: 'warning',
        message: `slot ${slot.slot} on ${slot.node} is inactive${slot.retainedBytes !== null ? ` and retains ${gib(slot.retainedBytes)} of WAL` : ''}`,
      });
    if (slot.retainedBytes !== null && slot.retainedBytes > thresholds.retainedWalBytes) {
      out.push({
        key: `slot-retained:${slot.node}/${slot.slot}`,
        severity: 'warning',
        message: `slot ${slot.slot} on ${slot.node} retains ${gib(slot.retainedBytes)} of WAL (wal_status ${slot.walStatus})`,
      });
    }
  }
  return out;
}
