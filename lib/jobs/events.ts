import type { JobRow } from '@/lib/db/repositories/jobs';

/** What the runner tells the rest of the system: nothing below it needs to know who listens. */
export type JobEvent = { type: 'job-started'; job: JobRow } | { type: 'job-finished'; job: JobRow; status: 'succeeded' | 'failed' | 'cancelled' };

type Listener = (event: JobEvent) => Promise<void> | void;

const g = globalThis as unknown as { __pgcascadeJobListeners?: Listener[] };
const listeners = (g.__pgcascadeJobListeners ??= []);

/** Subscribe to the runner's events; returns the unsubscribe. */
export function onJobEvent(listener: Listener): () => void {
  listeners.push(listener);
  return () => {
    const i = listeners.indexOf(listener);
    if (i >= 0) listeners.splice(i, 1);
  };
}

/** Deliver an event to every listener in turn; one that fails is logged and does not stop the others. */
export async function emitJobEvent(event: JobEvent): Promise<void> {
  for (const listener of [...listeners]) {
    try {
      await listener(event);
    } catch (err) {
      console.error(`pgcascade: a ${event.type} listener failed:`, (err as Error).message);
    }
  }
}
