// One sampling process of bench:monitor's two-process run: the real Sampler with leases on the PostgreSQL state DB
// (DATABASE_URL). It samples for BENCH_SECONDS, then prints one JSON line: its CPU over the measured window, its
// tick durations and how many clusters and nodes it held.
import { getDbHandle } from '@/lib/db/client';
import { listClusters } from '@/lib/db/repositories/clusters';
import { MonitorLeases } from '@/lib/monitor/leases';
import { Sampler } from '@/lib/monitor/sampler';

const seconds = Number(process.env.BENCH_SECONDS || 40);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS || 15);
const { db } = await getDbHandle();
const leases = new MonitorLeases(db, false);
const sampler = new Sampler(db, 1000, leases);
sampler.start();
// Leases settle (the second process joins, the first gives half back) and connections open before measuring.
await new Promise((r) => setTimeout(r, warmupSeconds * 1000));
const ticksBefore = sampler.tickDurations.length;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await new Promise((r) => setTimeout(r, (seconds - warmupSeconds) * 1000));
const cpu = process.cpuUsage(cpu0);
const wallMs = performance.now() - t0;
const ticks = sampler.tickDurations.slice(ticksBefore);
const clusters = (await listClusters(db)).filter((c) => leases.owns(c.id));
console.log(
  JSON.stringify({
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs,
    ticks,
    clusters: clusters.length,
    nodes: clusters.reduce((n, c) => n + c.topology.nodes.length, 0),
  }),
);
await sampler.stop();
process.exit(0);
