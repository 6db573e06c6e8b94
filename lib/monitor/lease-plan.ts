/** A process may hold one cluster more than its share before it gives clusters back (no churn on a small imbalance). */
export const LEASE_SLACK = 1;

export interface LeaseView {
  /** Clusters to be sampled now. */
  ready: string[];
  /** What this process holds after renewing. */
  held: string[];
  /** Clusters nobody holds (no lease, or an expired one). */
  free: string[];
  /** Live sampling processes, this one included. */
  processes: number;
}

/**
 * What to give back and what to try to take this tick, so that the clusters spread evenly: each process takes
 * clusters up to its share, ceil(ready / processes), and gives back down to it once it holds more than share + slack
 * (when a process joins). Clusters no longer ready are given back. Pure.
 */
export function leasePlan(v: LeaseView): { release: string[]; take: string[] } {
  const ready = new Set(v.ready);
  const kept = v.held.filter((id) => ready.has(id));
  const release = v.held.filter((id) => !ready.has(id));
  const share = Math.ceil(v.ready.length / Math.max(1, v.processes));
  if (kept.length > share + LEASE_SLACK) return { release: [...release, ...kept.slice(share)], take: [] };
  const heldSet = new Set(v.held);
  const take = v.free
    .filter((id) => ready.has(id) && !heldSet.has(id))
    .slice(0, Math.max(0, share - kept.length));
  return { release, take };
}
