import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDb } from '@/lib/db/memory-db';
import type { Db } from '@/lib/db/client';
import { getJob, getJobSteps, insertJob, JobConflictError, readLogs, requestCancel, requeueFailed, claimJob } from '@/lib/db/repositories/jobs';
import { FakeExecutor } from '@/lib/hosts/fake-executor';
import type { Plan, Step, StepKind } from '@/lib/plan/types';
import { runJob, type RunJobDeps } from './run-job';
import { CancelledError, PreflightError, type StepContext, type StepHandler } from './step-context';

function shellStep(id: string, argv: string[]): Step {
  return { id, node: 'vm1', kind: 'create-table', summary: `run ${id}`, commands: [{ type: 'shell', argv, asPostgres: false }], params: { kind: 'create-table', database: 'd', table: id } };
}

/** A check that runs `argv` on `node`; a PreflightError thrown from beforeStep stands for a problem it finds. */
function checkStep(node: string, kind: StepKind, argv = ['echo', `${node} ${kind}`]): Step {
  return { id: `${node}/${kind}`, node, kind, summary: `${kind} on ${node}`, commands: [{ type: 'shell', argv, asPostgres: false }], params: { kind: 'check-clock', warnMs: 1000, blockMs: 300_000 } };
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
      return step.kind.startsWith('check-') ? 'unchanged' : 'changed';
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

  it('runs every pre-flight check, lists all problems with their fixes, and changes nothing', async () => {
    const steps = [checkStep('vm1', 'check-host'), checkStep('vm1', 'check-port'), checkStep('vm2', 'check-host'), checkStep('vm2', 'check-port'), plan.steps[0]!];
    await insertJob(db, { id: 'p1', clusterId: 'c1', kind: 'apply', plan: { steps } });
    const problems = new Map([
      ['vm1/check-port', 'port 5432 on vm1 is already in use: choose another port'],
      ['vm2/check-host', 'vm2 runs "alpine": pgcascade supports Debian and Ubuntu hosts'],
    ]);
    beforeStep = async (step) => {
      const problem = problems.get(step.id);
      if (problem) throw new PreflightError(problem);
    };
    const failed = await claimAndRun();
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe(
      [
        'pre-flight found 2 problems; nothing was changed on any host. Fix them and retry:',
        '- vm1: "check-port on vm1" failed: port 5432 on vm1 is already in use: choose another port',
        '- vm2: "check-host on vm2" failed: vm2 runs "alpine": pgcascade supports Debian and Ubuntu hosts',
      ].join('\n'),
    );
    const rows = await getJobSteps(db, 'p1');
    expect(rows.map((r) => r.status)).toEqual(['unchanged', 'failed', 'failed', 'unchanged', 'pending']);
    expect(rows.map((r) => r.error?.message ?? null)).toEqual([null, problems.get('vm1/check-port'), problems.get('vm2/check-host'), null, null]);
    expect(executor.calls).toEqual(['echo vm1 check-host', 'echo vm2 check-port']);

    // Fixed: the retry re-runs only the failed checks, then the rest.
    problems.clear();
    await requeueFailed(db, 'p1');
    executor.calls.length = 0;
    const done = await claimAndRun();
    expect(done.status).toBe('succeeded');
    expect(executor.calls).toEqual(['echo vm1 check-port', 'echo vm2 check-host', 'echo one']);
  });

  it('fails with the collected problem when the last step is a check', async () => {
    await insertJob(db, { id: 'p2', clusterId: 'c1', kind: 'apply', plan: { steps: [checkStep('vm1', 'check-port'), checkStep('vm2', 'check-port')] } });
    beforeStep = async (step) => {
      if (step.node === 'vm2') throw new PreflightError('port taken');
    };
    const job = await claimAndRun();
    expect(job.status).toBe('failed');
    expect(job.error).toBe('pre-flight found 1 problem; nothing was changed on any host. Fix it and retry:\n- vm2: "check-port on vm2" failed: port taken');
    expect(finished).toEqual(['failed']);
  });

  it("does not run a node's other checks once one could not run on its host, but checks the other nodes", async () => {
    const steps = [checkStep('vm1', 'check-host', ['flaky', 'login']), checkStep('vm2', 'check-host'), checkStep('vm1', 'check-port'), checkStep('vm2', 'check-port'), plan.steps[0]!];
    await insertJob(db, { id: 'p3', clusterId: 'c1', kind: 'apply', plan: { steps } });
    const job = await claimAndRun();
    expect(job.status).toBe('failed');
    expect(job.error).toContain('pre-flight found 1 problem');
    expect(job.error).toContain('vm1: "check-host on vm1" failed: flaky login exited with 3');
    expect((await getJobSteps(db, 'p3')).map((r) => r.status)).toEqual(['failed', 'unchanged', 'pending', 'unchanged', 'pending']);
    expect(executor.calls).toEqual(['flaky login', 'echo vm2 check-host', 'echo vm2 check-port']);
    const notChecked = (await readLogs(db, 'p3', 0)).find((l) => l.stepId === 'vm1/check-port');
    expect(notChecked?.text).toBe('not checked: vm1/check-host could not run on vm1; fix that first, then retry');
  });

  it('stops at once on a check that comes after a change (a reachability test)', async () => {
    const reach = checkStep('vm2', 'check-reachable', ['flaky', 'pg_isready']);
    await insertJob(db, { id: 'p4', clusterId: 'c1', kind: 'apply', plan: { steps: [checkStep('vm1', 'check-port'), plan.steps[0]!, reach, plan.steps[2]!] } });
    const job = await claimAndRun();
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^vm2: "check-reachable on vm2" failed: flaky pg_isready exited with 3/);
    expect((await getJobSteps(db, 'p4')).map((r) => r.status)).toEqual(['unchanged', 'changed', 'failed', 'pending']);
  });

  it('runs steps whose needs are met at once, up to the concurrency, and never before what they need', async () => {
    const lane = (node: string, id: string, needs: string[]): Step => ({ ...shellStep(id, ['echo', id]), node, needs });
    const steps = [lane('a', 'a1', []), lane('b', 'b1', []), lane('c', 'c1', []), lane('a', 'a2', ['a1', 'b1']), lane('b', 'b2', ['b1'])];
    await insertJob(db, { id: 'g1', clusterId: 'c1', kind: 'apply', plan: { steps, concurrency: 2 } });
    let active = 0;
    let peak = 0;
    const order: string[] = [];
    beforeStep = async (step) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 150));
      order.push(step.id);
      active--;
    };
    const job = await claimAndRun();
    expect(job.status).toBe('succeeded');
    expect(peak).toBe(2);
    expect(order.indexOf('a2')).toBeGreaterThan(order.indexOf('a1'));
    expect(order.indexOf('a2')).toBeGreaterThan(order.indexOf('b1'));
    expect(order.indexOf('b2')).toBeGreaterThan(order.indexOf('b1'));
  });

  it('lets running steps finish after a failure, starts nothing new, and resumes the rest on retry', async () => {
    const lane = (node: string, id: string, argv: string[], needs: string[]): Step => ({ ...shellStep(id, argv), node, needs });
    const steps = [lane('a', 'slow', ['echo', 'slow'], []), lane('b', 'bad', ['flaky', 'x'], []), lane('b', 'after-bad', ['echo', 'after-bad'], ['bad']), lane('a', 'after-slow', ['echo', 'after-slow'], ['slow'])];
    await insertJob(db, { id: 'g2', clusterId: 'c1', kind: 'apply', plan: { steps } });
    beforeStep = async (step) => {
      if (step.id === 'slow') await new Promise((r) => setTimeout(r, 300));
    };
    const failed = await claimAndRun();
    expect(failed.status).toBe('failed');
    expect((await getJobSteps(db, 'g2')).map((s) => s.status)).toEqual(['changed', 'failed', 'pending', 'pending']);
    flakyFails = false;
    await requeueFailed(db, 'g2');
    expect((await claimAndRun()).status).toBe('succeeded');
    expect((await getJobSteps(db, 'g2')).map((s) => s.status)).toEqual(['changed', 'changed', 'changed', 'changed']);
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
