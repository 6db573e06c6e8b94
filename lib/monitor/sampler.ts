import 'server-only';
import pg from 'pg';
import type { Db } from '@/lib/db/client';
import { listClusters, type ClusterRow } from '@/lib/db/repositories/clusters';
import {
  reconcileAlerts,
  rollUpAndPrune,
  rollUpTenSeconds,
  saveTick,
} from '@/lib/db/repositories/monitoring';
import { monitoringSettings } from './settings';
import { ROLLUP_10S_MS } from './buckets';
import { nodeAccess, type NodeAccess } from '@/lib/clusters/endpoints';
import { firingAlerts } from './alerts';
import { alertsChanged } from '@/lib/notify/notifier';
import { ClientCache } from '@/lib/postgres/client-cache';
import { nodeClientConfig } from '@/lib/postgres/node-connection';
import { lsnBytes } from './lsn';
import {
  HEARTBEAT_READ_SQL,
  HEARTBEAT_WRITE_SQL,
  NODE_SAMPLE_SQL,
  headLsn,
  type HeartbeatRow,
  type NodeSample,
} from './node-sample';
import { isStandby } from '@/lib/topology';
import { ARRIVAL_FRESH_MS, buildSnapshot, seriesOf, type ClusterSnapshot, type NodeResult } from './snapshot';
import { standbyPaths, type StandbyArrival } from './arrival';
import { watchArrivals } from './arrival-watch';
import { MonitorLeases, registerMonitorLeases } from './leases';

const NODE_TIMEOUT_MS = 800;
const ACCESS_TTL_MS = 30_000;
const ERRORING_WINDOW_MS = 30_000;

interface CachedAccess {
  access: NodeAccess;
  until: number;
}

/** Samples every node of every ready cluster once a tick, over one persistent connection per node. */
export class Sampler {
  private readonly clients = new ClientCache();
  private readonly accessCache = new Map<string, CachedAccess>();
  private readonly previous = new Map<string, ClusterSnapshot>();
  private readonly lastHead = new Map<string, { lsn: string; at: number }>();
  private stopped = false;
  private loop: Promise<void> | null = null;
  private ticks = 0;
  /** When each cluster was last sampled, for per-cluster intervals. */
  private readonly sampledAt = new Map<string, number>();
  /** The end of the last successful 10-second roll-up (ms). */
  private rolledUntil = 0;
  /** When each subscription's error counters last grew (`cluster/node/name`). */
  private readonly errorsGrewAt = new Map<string, number>();
  /** The newest watched heartbeat per cluster, standby and origin (`standby/origin`). */
  private readonly arrivals = new Map<string, Map<string, StandbyArrival>>();
  /** Standbys (`cluster/standby`) whose arrival watch is still running: never two at once. */
  private readonly watching = new Set<string>();
  private readonly watches = new Set<Promise<void>>();
  /** Milliseconds each of the last ticks took (for bench:monitor). */
  readonly tickDurations: number[] = [];

  constructor(
    private readonly db: Db,
    private readonly intervalMs = 1000,
    /** Which clusters are this process's to sample; by default all (the embedded state DB's one process). */
    readonly leases = new MonitorLeases(db, true),
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    await Promise.all(this.watches);
    await this.clients.drop();
    await this.leases.release().catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const started = Date.now();
      try {
        await this.tick(new Date(started));
      } catch (err) {
        console.error('pgcascade: sampler tick failed', (err as Error).message);
      }
      const took = Date.now() - started;
      this.tickDurations.push(took);
      if (this.tickDurations.length > 600) this.tickDurations.shift();
      // Ticks never overlap: the next one starts a full interval after this one started, or at once if late.
      await new Promise((r) => setTimeout(r, Math.max(0, this.intervalMs - took)));
    }
  }

  async tick(at: Date): Promise<void> {
    const ready = (await listClusters(this.db)).filter((c) => c.status === 'ready');
    const owned = await this.leases.refresh(ready.map((c) => c.id));
    for (const id of [...this.sampledAt.keys()]) if (!owned.has(id)) this.forget(id);
    const clusters = ready.filter((c) => owned.has(c.id) && this.isDue(c, at));
    // One cluster failing to sample or store must not hold back the others, nor the roll-ups below.
    const results = await Promise.allSettled(clusters.map((c) => this.sampleCluster(c, at)));
    for (const r of results)
      if (r.status === 'rejected')
        console.error('pgcascade: sampling a cluster failed', (r.reason as Error).message);
    if (!this.leases.runsRollups) return;
    const end = Math.floor(at.getTime() / ROLLUP_10S_MS) * ROLLUP_10S_MS;
    if (end > this.rolledUntil) {
      // From where the last successful roll-up ended (the whole hour after a start), three buckets again for late points.
      const lookbackMs = Math.min(60 * 60_000, end - this.rolledUntil + 3 * ROLLUP_10S_MS);
      await rollUpTenSeconds(this.db, at, lookbackMs);
      this.rolledUntil = end;
    }
    if (++this.ticks % 60 === 0) await rollUpAndPrune(this.db, at);
  }

  /** A cluster another process samples now: its connections and what this process remembered of it go. */
  private forget(clusterId: string): void {
    void this.clients.drop(`${clusterId}/`);
    for (const map of [this.sampledAt, this.previous, this.accessCache, this.arrivals]) map.delete(clusterId);
    for (const map of [this.lastHead, this.errorsGrewAt])
      for (const key of [...map.keys()]) if (key.startsWith(`${clusterId}/`)) map.delete(key);
  }

  /** Subscriptions whose error counters grew within the last 30 s: a worker that fails, waits and restarts stays "erroring". */
  private erroringRecently(
    clusterId: string,
    s: ClusterSnapshot,
    previous: ClusterSnapshot | undefined,
    now: number,
  ): Set<string> {
    const out = new Set<string>();
    for (const sub of s.subscriptions) {
      const key = `${sub.node}/${sub.name}`;
      const before = previous?.subscriptions.find((p) => p.node === sub.node && p.name === sub.name);
      if (before && sub.applyErrors + sub.syncErrors > before.applyErrors + before.syncErrors)
        this.errorsGrewAt.set(`${clusterId}/${key}`, now);
      if (now - (this.errorsGrewAt.get(`${clusterId}/${key}`) ?? -Infinity) < ERRORING_WINDOW_MS)
        out.add(key);
    }
    return out;
  }

  /** A cluster sampled every n seconds is due once n ticks have passed (half a tick of slack for timer jitter). */
  private isDue(cluster: ClusterRow, at: Date): boolean {
    const intervalMs = monitoringSettings(cluster.monitoring).intervalSeconds * 1000;
    const last = this.sampledAt.get(cluster.id);
    if (
      intervalMs > this.intervalMs &&
      last !== undefined &&
      at.getTime() - last < intervalMs - this.intervalMs / 2
    )
      return false;
    this.sampledAt.set(cluster.id, at.getTime());
    return true;
  }

  private async access(cluster: ClusterRow): Promise<NodeAccess> {
    const cached = this.accessCache.get(cluster.id);
    if (cached && cached.until > Date.now()) return cached.access;
    const access = await nodeAccess(cluster.id, cluster.topology, 'monitor');
    this.accessCache.set(cluster.id, { access, until: Date.now() + ACCESS_TTL_MS });
    return access;
  }

  /**
   * Send this tick's heartbeat on every node that holds its own data; where it arrived on subscribers is read next
   * tick, and on standbys a watch started just before the write sees it become visible (arrival.ts).
   */
  private async beat(
    cluster: ClusterRow,
    access: NodeAccess,
    results: Record<string, NodeResult>,
    at: Date,
  ): Promise<void> {
    const t = cluster.topology;
    const seq = String(at.getTime());
    const origins = new Map<string, string[]>();
    for (const p of standbyPaths(t))
      if (results[p.standby]?.ok && !this.watching.has(`${cluster.id}/${p.standby}`))
        origins.set(p.standby, [...(origins.get(p.standby) ?? []), p.origin]);
    const requests = [...origins].map(([standby, list]) => ({
      standby,
      origins: list,
      client: () => this.client(`${cluster.id}/${standby}/watch`, access, standby, t.database),
    }));
    // The watch waits at most until shortly before the next heartbeat of this cluster.
    const intervalMs = Math.max(
      this.intervalMs,
      monitoringSettings(cluster.monitoring).intervalSeconds * 1000,
    );
    const watch = requests.length > 0 ? watchArrivals(requests, seq, Math.min(5000, intervalMs - 100)) : null;
    for (const r of requests) this.watching.add(`${cluster.id}/${r.standby}`);
    if (watch) await watch.ready;
    const sentAt = new Map<string, number>();
    await Promise.all(
      t.nodes
        .map((n) => n.name)
        .filter((n) => !isStandby(t, n))
        .map(async (node) => {
          // Only over an open connection: a node that just failed is skipped, never waited for.
          const client = await this.clients.open(`${cluster.id}/${node}`);
          const res = await client
            ?.query<{ sent_ms: number }>(HEARTBEAT_WRITE_SQL, [node, seq])
            .catch(() => null);
          const sent = res?.rows[0]?.sent_ms;
          if (sent !== undefined) sentAt.set(node, Number(sent));
        }),
    );
    if (!watch) return;
    const skew = (node: string) => {
      const r = results[node];
      return r?.ok ? r.skewMs : null;
    };
    const done: Promise<void> = watch.done
      .then((seen) => {
        const kept = this.arrivals.get(cluster.id) ?? new Map<string, StandbyArrival>();
        for (const a of seen) {
          if (a.outcome === 'failed') void this.clients.close(`${cluster.id}/${a.standby}/watch`);
          kept.set(`${a.standby}/${a.origin}`, {
            ...a,
            seq,
            sentAtMs: sentAt.get(a.origin) ?? null,
            originSkewMs: skew(a.origin),
            standbySkewMs: skew(a.standby),
          });
        }
        this.arrivals.set(cluster.id, kept);
      })
      .finally(() => {
        for (const r of requests) this.watching.delete(`${cluster.id}/${r.standby}`);
        this.watches.delete(done);
      });
    this.watches.add(done);
  }

  private client(key: string, access: NodeAccess, node: string, database: string): Promise<pg.Client> {
    return this.clients.get(key, async () =>
      nodeClientConfig({ ...(await access.endpoint(node)), user: access.user, password: access.password }, { database, purpose: 'pgcascade-sampler', connectTimeoutMs: NODE_TIMEOUT_MS }),
    );
  }

  private async sampleNode(cluster: ClusterRow, access: NodeAccess, node: string): Promise<NodeResult> {
    const key = `${cluster.id}/${node}`;
    const attempt = (async (): Promise<NodeResult> => {
      const c = await this.client(key, access, node, cluster.topology.database);
      const t0 = Date.now();
      const res = await c.query<{ doc: NodeSample }>(NODE_SAMPLE_SQL);
      const t1 = Date.now();
      const sample = res.rows[0]!.doc;
      // Clusters applied before heartbeats existed have no table: no heartbeat, the rest of the sample stands.
      sample.heartbeats = await c.query<HeartbeatRow>(HEARTBEAT_READ_SQL).then(
        (r) => r.rows,
        () => [],
      );
      // The node's clock against the panel's, at the middle of the round trip.
      return { ok: true, sample, skewMs: new Date(sample.now).getTime() - (t0 + t1) / 2 };
    })();
    const timeout = new Promise<NodeResult>((resolve) =>
      setTimeout(
        () => resolve({ ok: false, error: `no answer within ${NODE_TIMEOUT_MS} ms` }),
        NODE_TIMEOUT_MS,
      ),
    );
    const result = await Promise.race([
      attempt.catch((err: Error) => ({ ok: false as const, error: access.mask(err.message) })),
      timeout,
    ]);
    if (!result.ok) {
      void this.clients.close(key);
      access.reset(node);
    }
    return result;
  }

  private async sampleCluster(cluster: ClusterRow, at: Date): Promise<void> {
    const access = await this.access(cluster);
    const names = cluster.topology.nodes.map((n) => n.name);
    const results = Object.fromEntries(
      await Promise.all(names.map(async (n) => [n, await this.sampleNode(cluster, access, n)] as const)),
    );
    const intervalMs = monitoringSettings(cluster.monitoring).intervalSeconds * 1000;
    const arrivals = [...(this.arrivals.get(cluster.id)?.values() ?? [])];
    const snapshot = buildSnapshot(
      cluster.topology,
      results,
      at,
      arrivals,
      Math.max(ARRIVAL_FRESH_MS, 3 * intervalMs),
    );
    const points = seriesOf(snapshot);
    for (const [node, r] of Object.entries(results)) {
      if (!r.ok) continue;
      const head = headLsn(r.sample);
      const key = `${cluster.id}/${node}`;
      const last = this.lastHead.get(key);
      if (head && last && at.getTime() > last.at) {
        const bytes = lsnBytes(head, last.lsn);
        if (bytes !== null)
          points.push({
            series: `wal_bytes_per_second:${node}`,
            value: (bytes * 1000) / (at.getTime() - last.at),
          });
      }
      if (head) this.lastHead.set(key, { lsn: head, at: at.getTime() });
    }
    await saveTick(this.db, cluster.id, at, snapshot, points);
    await this.beat(cluster, access, results, at);
    const previous = this.previous.get(cluster.id);
    const erroring = this.erroringRecently(cluster.id, snapshot, previous, at.getTime());
    const thresholds = monitoringSettings(cluster.monitoring).thresholds;
    const changed = await reconcileAlerts(this.db, cluster.id, at, firingAlerts(snapshot, thresholds, previous, erroring));
    if (changed > 0) await alertsChanged(this.db, cluster.id);
    this.previous.set(cluster.id, snapshot);
  }
}

const g = globalThis as unknown as { __pgcascadeSampler?: Sampler };

/**
 * The process's sampler. Several processes may share a PostgreSQL state DB: each cluster is sampled (and
 * drift-checked) by the one that holds its lease. PGCASCADE_SAMPLER=off keeps a process out of it altogether.
 */
export function startSampler(db: Db, exclusive: boolean): Sampler | null {
  if (process.env.PGCASCADE_SAMPLER === 'off') return null;
  if (!g.__pgcascadeSampler) {
    const leases = new MonitorLeases(db, exclusive);
    registerMonitorLeases(leases);
    g.__pgcascadeSampler = new Sampler(db, Number(process.env.PGCASCADE_SAMPLE_INTERVAL_MS || 1000), leases);
    g.__pgcascadeSampler.start();
  }
  return g.__pgcascadeSampler;
}

/** Stop this process's sampler and give its leases back, so other processes take its clusters over at once. */
export async function stopSampler(): Promise<void> {
  const sampler = g.__pgcascadeSampler;
  g.__pgcascadeSampler = undefined;
  await sampler?.stop();
}
