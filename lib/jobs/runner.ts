import 'server-only';
import { randomUUID } from 'node:crypto';
import { claimJob } from '@/lib/db/repositories/jobs';
import { runJob, type RunJobDeps } from './run-job';

export interface RunnerOptions {
  pollMs?: number;
  /** Jobs run at once (each for a different cluster). */
  concurrency?: number;
}

/** Claims queued (or abandoned) jobs and runs them; several runners may share one PostgreSQL state DB. */
export class Runner {
  readonly owner = `runner-${process.pid}-${randomUUID().slice(0, 8)}`;
  private stopped = false;
  private readonly active = new Set<Promise<void>>();
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly deps: Omit<RunJobDeps, 'owner'>,
    private readonly options: RunnerOptions = {},
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Look for work now instead of at the next poll. */
  poke(): void {
    this.wake?.();
  }

  private async run(): Promise<void> {
    const { pollMs = 500, concurrency = 4 } = this.options;
    while (!this.stopped) {
      let claimed = false;
      if (this.active.size < concurrency) {
        try {
          const job = await claimJob(this.deps.db, this.owner, this.deps.leaseMs);
          if (job) {
            claimed = true;
            console.log(`pgcascade: ${this.owner} runs ${job.kind} job ${job.id}`);
            const p = runJob({ ...this.deps, owner: this.owner }, job).finally(() => {
              this.active.delete(p);
              this.poke();
            });
            this.active.add(p);
          }
        } catch (err) {
          console.error('pgcascade: runner could not claim a job', err);
        }
      }
      if (!claimed) await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, pollMs);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.poke();
    await this.loop;
    await Promise.allSettled([...this.active]);
  }
}
