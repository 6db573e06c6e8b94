import 'server-only';
import type pg from 'pg';
import { arrivalWatchSql, parseArrivalNotice, WATCHING, type StandbyArrival } from './arrival';

/** How long the heartbeat write waits for the watches to begin (a watch that starts later may see the row early). */
const START_WAIT_MS = 300;

export interface WatchRequest {
  standby: string;
  origins: string[];
  client: () => Promise<pg.Client>;
}

export interface WatchHandle {
  /** Resolves once every watch is polling (or START_WAIT_MS passed): the heartbeat may be written now. */
  ready: Promise<void>;
  /** What each watch saw, one entry per standby and origin (the send side is filled in by the caller). */
  done: Promise<Array<Omit<StandbyArrival, 'sentAtMs' | 'originSkewMs' | 'standbySkewMs' | 'seq'>>>;
}

/** Start one watch per standby, each on its own connection, for this tick's heartbeat `seq`. */
export function watchArrivals(requests: WatchRequest[], seq: string, timeoutMs: number): WatchHandle {
  const started: Array<Promise<void>> = [];
  const done = requests.map((req) => {
    let markStarted: () => void = () => undefined;
    started.push(new Promise<void>((r) => (markStarted = r)));
    return (async () => {
      const seen = new Map<string, ReturnType<typeof parseArrivalNotice>>();
      let client: pg.Client | null = null;
      const onNotice = (n: { message?: string }) => {
        if (n.message === WATCHING) return markStarted();
        const e = parseArrivalNotice(n.message ?? '');
        if (e) seen.set(e.origin, e);
      };
      try {
        client = await req.client();
        client.on('notice', onNotice);
        const guard = new Promise<never>((_, reject) =>
          setTimeout(
            () => reject(new Error(`no answer within ${timeoutMs + 2000} ms`)),
            timeoutMs + 2000,
          ).unref(),
        );
        await Promise.race([client.query(arrivalWatchSql(req.origins, seq, timeoutMs)), guard]);
        return req.origins.map((origin) => {
          const e = seen.get(origin);
          if (e?.kind === 'arrived')
            return { standby: req.standby, origin, outcome: 'arrived' as const, arrivedAtMs: e.atMs };
          if (e?.kind === 'early')
            return { standby: req.standby, origin, outcome: 'early' as const, arrivedAtMs: null };
          return {
            standby: req.standby,
            origin,
            outcome: 'late' as const,
            arrivedAtMs: null,
            waitedMs: timeoutMs,
          };
        });
      } catch (err) {
        markStarted();
        const error = (err as Error).message;
        return req.origins.map((origin) => ({
          standby: req.standby,
          origin,
          outcome: 'failed' as const,
          arrivedAtMs: null,
          error,
        }));
      } finally {
        client?.removeListener('notice', onNotice);
      }
    })();
  });
  const ready = Promise.race([
    Promise.all(started).then(() => undefined),
    new Promise<void>((r) => setTimeout(r, START_WAIT_MS).unref()),
  ]);
  return { ready, done: Promise.all(done).then((xs) => xs.flat()) };
}
