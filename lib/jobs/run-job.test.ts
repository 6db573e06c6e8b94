import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDb } from '@/lib/db/memory-db';
import type { Db } from '@/lib/db/client';
import { getJob, getJobSteps, insertJob, JobConflictError, readLogs, requestCancel, requeueFailed, claimJob } from '@/lib/db/repositories/jobs';
import { FakeExecutor } from '@/lib/hosts/fake-executor';
import type { Plan, Step, StepKind } from '@/lib/plan/types';
import { runJob, type RunJobDeps } from './run-job';
import { CancelledError, type StepContext, type StepHandler } from './step-context';

function shellStep(id: string, argv: string[]): Step {
  return { id, node: 'vm1', kind: 'create-table', summary: `run ${id}`, commands: [{ type: 'shell', argv, asPostgres: false }], params: { kind: 'create-table', database: 'd', table: id } };
}

const plan: Plan = { steps: [shellStep('one', ['echo', 'one']), shellStep('two', ['flaky', '--secret', 'S3cretValue99']), shellStep('three', ['echo', 'three'])] };

describe('runJob with a fake executor', () => {
  let db: Db;
  let close: () => Promise<void>;
  let flakyFails: boolean;
  let executor: FakeExecutor;
  let finished: string[];
  let beforeStep: (step: Step) => Promise<void>;

  beforeEach(async () => {
    ({ db, close } = await openMemoryDb());
    flakyFails = true;
    finished = [];
    beforeStep = async () => {};
    executor = new FakeExecutor([
      { match: /^echo /, result: (argv) => ({ stdout: argv.slice(1).join(' ') }) },
      { match: /^flaky /, result: () => (flakyFails ? { exitCode: 3, stderr: 'boom: S3cretValue99 refused' } : { stdout: 'ok' }) },
    ]);
  });
  afterEach(async () => close());

  function deps(): RunJobDeps {
    const run: StepHandler = async (ctx, step) => {
      await beforeStep(step);
      ctx.throwIfCancelled();
      await ctx.runCommand(step.commands[0]!);
      return 'changed';
    };
    const mask = (t: string) => t.split('S3cretValue99').join('********');
    return {
      db,
      owner: 'test-runner',
      leaseMs: 30_000,
      handlers: new Proxy({} as Record<StepKind, StepHandler>, { get: () => run }),
      async openSession({ logs, isCancelRequested }) {
        const forStep = (step: Step): StepContext =>
          ({
            log: (stream, text) => logs.write(step.node, step.id, stream, mask(text)),
            throwIfCancelled: () => {
              if (isCancelRequested()) throw new CancelledError();
            },
            runCommand: async (c) => (c.type === 'shell' ? executor.run(c.argv, { onOutput: (s, t) => logs.write(step.node, step.id, s, mask(t)) }) : { exitCode: 0, stdout: '', stderr: '' }),
          }) as StepContext;
        return { session: { forStep, close: async () => {} }, mask };
      },
      onStarted: async () => {},
      onFinished: async (_job, status) => {
        finished.push(status);
      },
    };
  }

  async function claimAndRun() {
    const job = await claimJob(db, 'test-runner', 30_000);
    expect(job).not.toBeNull();
    await runJob(deps(), job!);
    return (await getJob(db, job!.id))!;
  }

  it('stops at a failing step, records its command, exit code and masked stderr, and resumes there on retry', async () => {
    await insertJob(db, { id: 'j1', clusterId: 'c1', kind: 'apply', plan });
    const failed = await claimAndRun();
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('run two');
    const steps = await getJobSteps(db, 'j1');
    expect(steps.map((s) => s.status)).toEqual(['changed', 'failed', 'pending']);
    expect(steps[1]!.error).toMatchObject({ exitCode: 3, command: 'flaky --secret S3cretValue99'.replace('S3cretValue99', '********') });
    expect(JSON.stringify(steps)).not.toContain('S3cretValue99');
    expect(JSON.stringify(await readLogs(db, 'j1', 0))).not.toContain('S3cretValue99');

    flakyFails = false;
    await requeueFailed(db, 'j1');
    executor.calls.length = 0;
    const done = await claimAndRun();
    expect(done.status).toBe('succeeded');
    // Step one is not run again: the retry resumed at step two.
    expect(executor.calls).toEqual(['flaky --secret S3cretValue99', 'echo three']);
    expect((await getJobSteps(db, 'j1')).map((s) => s.status)).toEqual(['changed', 'changed', 'changed']);
    expect(finished).toEqual(['failed', 'succeeded']);
  });

  it('cancels between steps and skips the rest', async () => {
    await insertJob(db, { id: 'j2', clusterId: 'c1', kind: 'apply', plan: { steps: [plan.steps[0]!, plan.steps[2]!] } });
    beforeStep = async (step) => {
      if (step.id === 'one') await requestCancel(db, 'j2');
    };
    const job = await claimAndRun();
    expect(job.status).toBe('cancelled');
    expect((await getJobSteps(db, 'j2')).map((s) => s.status)).toEqual(['changed', 'skipped']);
    expect(executor.calls).toEqual(['echo one']);
  });

  it('allows one active job per cluster', async () => {
    await insertJob(db, { id: 'a', clusterId: 'c9', kind: 'apply', plan });
    await expect(insertJob(db, { id: 'b', clusterId: 'c9', kind: 'apply', plan })).rejects.toBeInstanceOf(JobConflictError);
    await insertJob(db, { id: 'c', clusterId: 'other', kind: 'apply', plan });
  });

  it('never lets two workers claim the same job, and takes over an expired lease', async () => {
    await insertJob(db, { id: 'l1', clusterId: 'c1', kind: 'apply', plan });
    expect((await claimJob(db, 'w1', 60_000))?.id).toBe('l1');
    expect(await claimJob(db, 'w2', 60_000)).toBeNull();
    await db.execute(`UPDATE jobs SET lease_expires_at = now() - interval '1 second' WHERE id = 'l1'` as never);
    expect((await claimJob(db, 'w2', 60_000))?.id).toBe('l1');
  });
});
