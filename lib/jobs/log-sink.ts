import 'server-only';
import type { Db } from '@/lib/db/client';
import { appendLogs } from '@/lib/db/repositories/jobs';
import type { LogStream } from './step-context';

interface Pending {
  jobId: string;
  at: Date;
  node: string | null;
  stepId: string | null;
  stream: LogStream;
  text: string;
}

/** Buffers a job's log lines (already masked) and writes them in batches, in order. */
export class LogSink {
  private pending: Pending[] = [];
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly jobId: string,
  ) {}

  write(node: string | null, stepId: string | null, stream: LogStream, text: string): void {
    for (const line of text.replace(/\r/g, '').split('\n')) {
      if (line.trim() === '') continue;
      this.pending.push({ jobId: this.jobId, at: new Date(), node, stepId, stream, text: line.slice(0, 4000) });
    }
    this.timer ??= setTimeout(() => void this.flush(), 200);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    this.chain = this.chain.then(() => appendLogs(this.db, batch)).catch((err) => console.error('pgcascade: could not write job log', err));
    return this.chain;
  }
}
