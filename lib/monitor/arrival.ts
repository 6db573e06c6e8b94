import type { Topology } from '@/lib/topology/schema';
import { chainRoot, isStandby, standbyOf } from '@/lib/topology';
import { quoteLiteral } from '@/lib/postgres/quote';
import { HEARTBEAT_TABLE } from '@/lib/postgres/sql';

/**
 * A standby cannot stamp the heartbeat row when it replays it (no trigger fires in recovery), so the panel watches
 * for it: a DO block on the standby polls the replicated row every millisecond and reports, by NOTICE, the standby's
 * clock when each origin's row of this tick became visible.
 */
export interface StandbyPath {
  standby: string;
  origin: string;
  /** origin → … → standby, as the row travels. */
  path: string[];
}

/** Every (standby, origin) pair whose heartbeat reaches the standby: its chain root's own row and its publishers'. */
export function standbyPaths(t: Topology): StandbyPath[] {
  const out: StandbyPath[] = [];
  for (const s of t.standbys) {
    const chain = [s.node];
    for (let up = standbyOf(t, s.node); up && !chain.includes(up.upstream); up = standbyOf(t, up.upstream))
      chain.unshift(up.upstream);
    const root = chainRoot(t, s.node);
    if (isStandby(t, root) || chain[0] !== root) continue;
    out.push({ standby: s.node, origin: root, path: chain });
    const publishers = [
      ...new Set(t.subscriptions.filter((sub) => sub.node === root).map((sub) => sub.publisher)),
    ];
    for (const p of publishers) out.push({ standby: s.node, origin: p, path: [p, ...chain] });
  }
  return out;
}

export const WATCHING = 'pgcascade-watching';

/** The DO block that waits (at most `timeoutMs`) for each origin's row with `seq` or later. */
export function arrivalWatchSql(origins: string[], seq: string, timeoutMs: number): string {
  if (!/^\d+$/.test(seq)) throw new Error(`heartbeat seq must be digits: ${seq}`);
  const list = origins.map(quoteLiteral).join(', ');
  return `DO $pgcascade_watch$
DECLARE
  want text[] := ARRAY[${list}]::text[];
  found boolean[] := array_fill(false, ARRAY[${origins.length}]);
  remaining int := ${origins.length};
  first boolean := true;
  deadline timestamptz := clock_timestamp() + interval '${Math.max(1, Math.round(timeoutMs))} milliseconds';
BEGIN
  RAISE NOTICE '${WATCHING}';
  LOOP
    FOR i IN 1..${origins.length} LOOP
      IF NOT found[i] AND EXISTS (SELECT 1 FROM public.${HEARTBEAT_TABLE} WHERE origin = want[i] AND seq >= ${seq}) THEN
        found[i] := true;
        remaining := remaining - 1;
        IF first THEN
          RAISE NOTICE 'pgcascade-early %', want[i];
        ELSE
          RAISE NOTICE 'pgcascade-arrived % %', want[i], (extract(epoch FROM clock_timestamp()) * 1000)::numeric(16,3);
        END IF;
      END IF;
    END LOOP;
    EXIT WHEN remaining = 0;
    IF clock_timestamp() > deadline THEN
      FOR i IN 1..${origins.length} LOOP
        IF NOT found[i] THEN RAISE NOTICE 'pgcascade-late %', want[i]; END IF;
      END LOOP;
      EXIT;
    END IF;
    first := false;
    PERFORM pg_sleep(0.001);
  END LOOP;
END $pgcascade_watch$`;
}

export type ArrivalEvent =
  | { kind: 'arrived'; origin: string; atMs: number }
  | { kind: 'early'; origin: string }
  | { kind: 'late'; origin: string };

/** One NOTICE of the watch; null for any other notice. */
export function parseArrivalNotice(message: string): ArrivalEvent | null {
  const m = /^pgcascade-(arrived|early|late) (\S+)(?: (\d+(?:\.\d+)?))?$/.exec(message);
  if (!m) return null;
  if (m[1] === 'arrived') return m[3] ? { kind: 'arrived', origin: m[2]!, atMs: Number(m[3]) } : null;
  return { kind: m[1] as 'early' | 'late', origin: m[2]! };
}

/** What the watch saw of one origin's heartbeat on one standby, with everything needed to turn it into a latency. */
export interface StandbyArrival {
  standby: string;
  origin: string;
  seq: string;
  /** The origin's clock when it wrote the row (its `sent_at`, in ms), and the origin's skew to the panel then. */
  sentAtMs: number | null;
  originSkewMs: number | null;
  /** The standby's clock when the row became visible, and the standby's skew to the panel then. */
  arrivedAtMs: number | null;
  standbySkewMs: number | null;
  outcome: 'arrived' | 'early' | 'late' | 'failed';
  /** Only for late: how long the watch waited. For failed: why. */
  waitedMs?: number;
  error?: string;
}

export type PathFigure = { latencyMs: number; reason?: undefined } | { latencyMs: null; reason: string };

const round = (v: number) => Math.round(v * 10) / 10;

/** The end-to-end latency of one watched heartbeat, corrected for both clocks' skew to the panel; or why not. */
export function arrivalLatency(a: StandbyArrival): PathFigure {
  switch (a.outcome) {
    case 'early':
      return {
        latencyMs: null,
        reason: `${a.origin}'s heartbeat was on ${a.standby} before the watch started`,
      };
    case 'late':
      return {
        latencyMs: null,
        reason: `${a.origin}'s heartbeat had not reached ${a.standby} after ${a.waitedMs ?? '?'} ms`,
      };
    case 'failed':
      return { latencyMs: null, reason: `watching ${a.standby} failed: ${a.error ?? 'unknown error'}` };
  }
  if (a.sentAtMs === null || a.originSkewMs === null)
    return { latencyMs: null, reason: `${a.origin}'s heartbeat write was not confirmed` };
  if (a.arrivedAtMs === null || a.standbySkewMs === null)
    return { latencyMs: null, reason: `${a.standby}'s clock offset is unknown` };
  return { latencyMs: round(Math.max(0, a.arrivedAtMs - a.standbySkewMs - (a.sentAtMs - a.originSkewMs))) };
}
