import type { StepOf } from '@/lib/plan/types';
import type { ReachableNode } from './live-state';
import { driftOf, listOf, sameSet, type Drift } from './drift';

const endpoint = (host: string | null, port: number | null) => `${host ?? '?'}:${port ?? '?'}`;

/** The subscription exists, is enabled, connects to its publisher and carries its publications. */
export function subscriptionDrift(step: StepOf<'create-subscription'>, live: ReachableNode): Drift[] {
  const p = step.params;
  const sub = live.subscriptions.find((s) => s.name === p.subscription);
  const wanted = endpoint(p.host, p.port);
  if (!sub) return [driftOf(step, `subscription ${p.subscription} is missing`, `to ${p.publisher} (${wanted}): ${listOf(p.publications)}`, 'missing')];
  const drift: Drift[] = [];
  if (!sub.enabled) drift.push(driftOf(step, `subscription ${p.subscription} is disabled`, 'enabled', 'disabled'));
  const actual = endpoint(sub.host, sub.port);
  if (actual !== wanted) drift.push(driftOf(step, `subscription ${p.subscription} connects to ${actual}, should connect to ${p.publisher} at ${wanted}`, wanted, actual));
  if (!sameSet(sub.publications, p.publications)) {
    drift.push(driftOf(step, `subscription ${p.subscription} subscribes to ${listOf(sub.publications)}, should subscribe to ${listOf(p.publications)}`, listOf(p.publications), listOf(sub.publications)));
  }
  return drift;
}

/** The standby is in recovery and its primary_conninfo and primary_slot_name point at its upstream. */
export function standbyDrift(step: StepOf<'clone-standby'>, live: ReachableNode): Drift[] {
  const p = step.params;
  const wanted = `${endpoint(p.upstreamHost, p.upstreamPort)} slot ${p.slot}`;
  if (!live.inRecovery || !live.upstream) {
    return [driftOf(step, `${step.node} is not in recovery (promoted or rebuilt), should be a standby of ${p.upstream}`, `standby of ${p.upstream} (${wanted})`, 'not in recovery')];
  }
  const u = live.upstream;
  const actual = `${endpoint(u.host, u.port)} slot ${u.slot ?? 'none'}`;
  if (actual === wanted) return [];
  return [driftOf(step, `${step.node} follows ${actual}, should follow ${p.upstream} at ${wanted}`, wanted, actual)];
}
