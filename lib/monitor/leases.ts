import 'server-only';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '@/lib/db/client';
import {
  heldMonitorLeases,
  releaseMonitorLeases,
  renewMonitorLeases,
  takeMonitorLeases,
  touchMonitorWorker,
} from '@/lib/db/repositories/monitor-leases';
import { leasePlan } from './lease-plan';

/** A lease not renewed for this long is taken over (a tick renews it every second). */
export const MONITOR_LEASE_MS = 5_000;
/** The roll-ups of every cluster's samples run in one process: the holder of this lease. */
const ROLLUPS = '~rollups';

const shuffle = <T>(xs: T[]): T[] => {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

/**
 * Which clusters this process samples and drift-checks. With the embedded state DB it is the only process and owns
 * them all; with a PostgreSQL state DB each cluster has one lease holder at a time, spread over the live processes.
 */
export class MonitorLeases {
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private held = new Set<string>();
  private rollups = false;

  constructor(
    private readonly db: Db,
    private readonly exclusive: boolean,
    private readonly leaseMs = MONITOR_LEASE_MS,
  ) {}

  /** Renew, give back and take leases; the clusters (of `ready`) this process samples this tick. */
  async refresh(ready: string[]): Promise<ReadonlySet<string>> {
    if (this.exclusive) {
      this.held = new Set(ready);
      this.rollups = true;
      return this.held;
    }
    const processes = await touchMonitorWorker(this.db, this.owner, this.leaseMs);
    const renewed = await renewMonitorLeases(this.db, this.owner, this.leaseMs);
    this.rollups =
      renewed.includes(ROLLUPS) ||
      (await takeMonitorLeases(this.db, this.owner, [ROLLUPS], this.leaseMs)).length > 0;
    const held = renewed.filter((id) => id !== ROLLUPS);
    const taken = await heldMonitorLeases(this.db, ready);
    const plan = leasePlan({ ready, held, free: shuffle(ready.filter((id) => !taken.has(id))), processes });
    if (plan.release.length > 0) await releaseMonitorLeases(this.db, this.owner, plan.release);
    const won = await takeMonitorLeases(this.db, this.owner, plan.take, this.leaseMs);
    const released = new Set(plan.release);
    this.held = new Set([...held.filter((id) => !released.has(id)), ...won]);
    return this.held;
  }

  owns(clusterId: string): boolean {
    return this.held.has(clusterId);
  }

  /** Whether this process rolls the samples up (one process does, for every cluster). */
  get runsRollups(): boolean {
    return this.rollups;
  }

  /** Give everything back at once (a clean stop), so another process takes over on its next tick. */
  async release(): Promise<void> {
    this.held = new Set();
    this.rollups = false;
    if (!this.exclusive) await releaseMonitorLeases(this.db, this.owner);
  }
}

const g = globalThis as unknown as { __pgcascadeMonitorLeases?: MonitorLeases };

export function registerMonitorLeases(leases: MonitorLeases): void {
  g.__pgcascadeMonitorLeases = leases;
}

/** Whether this process samples the cluster now: the drift watch checks only those (false without a sampler). */
export function ownsMonitorLease(clusterId: string): boolean {
  return g.__pgcascadeMonitorLeases?.owns(clusterId) ?? false;
}
