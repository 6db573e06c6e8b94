import { describe, expect, it } from 'vitest';
import { FakeExecutor, type FakeRule } from '@/lib/hosts/fake-executor';
import { HostError } from '@/lib/hosts/host-error';
import { checkReachableStep, preflightSteps } from '@/lib/plan/steps/preflight';
import { valid } from '@/lib/plan/test-topologies';
import sshExample from '@/examples/four-node.ssh.json';
import { PreflightError, type StepContext } from '../step-context';
import { checkClock, checkReachable, clockSkew, formatDuration, judgeSkew, portInList } from './preflight';

describe('reserved port lists', () => {
  it('reads single ports and ranges', () => {
    expect(portInList('5432,55400-56999', 55434)).toBe(true);
    expect(portInList('5432,55400-56999', 5432)).toBe(true);
    expect(portInList('5432,55400-56999', 57000)).toBe(false);
    expect(portInList('', 55434)).toBe(false);
  });
});

const t = valid(sshExample);
const layout = { kind: 'debian', version: 15 } as const;
const clockStep = preflightSteps(t, layout).find((s) => s.id === 'vm2/check-clock')!;
const reachStep = checkReachableStep(t, layout, 'vm4', 'vm3');

function context(rules: FakeRule[]) {
  const executor = new FakeExecutor(rules);
  const logs: string[] = [];
  const partial: Partial<StepContext> = {
    executor,
    log: (_stream, text) => {
      logs.push(text);
    },
    throwIfCancelled: () => undefined,
  };
  return { ctx: partial as StepContext, executor, logs };
}

describe('clock skew', () => {
  it('takes the panel clock at the middle of the round trip', () => {
    expect(clockSkew(1000, 1600, 1200)).toEqual({ skewMs: 500, errorMs: 100 });
    expect(clockSkew(1000, 900, 1200)).toEqual({ skewMs: -200, errorMs: 100 });
  });

  it('warns above 1 s and blocks above 5 min, beyond the uncertainty only', () => {
    const p = { warnMs: 1000, blockMs: 300_000 };
    expect(judgeSkew(900, 10, p)).toBe('ok');
    expect(judgeSkew(1050, 100, p)).toBe('ok');
    expect(judgeSkew(-2000, 100, p)).toBe('warn');
    expect(judgeSkew(299_000, 10, p)).toBe('warn');
    expect(judgeSkew(-301_000, 10, p)).toBe('block');
    expect(formatDuration(-1234)).toBe('1.234 s');
    expect(formatDuration(12 * 60_000)).toBe('12.0 min');
  });

  it('logs a small skew, notes one above 1 s, and blocks above 5 min with the fix', async () => {
    const at = (offsetMs: number) =>
      context([{ match: /^date \+%s%3N$/, result: () => ({ stdout: `${Date.now() + offsetMs}\n` }) }]);
    const fine = at(0);
    await expect(checkClock(fine.ctx, clockStep)).resolves.toBe('unchanged');
    expect(fine.logs[0]).toMatch(/^vm2's clock is 0\.0\d\d s (ahead of|behind) the panel's/);

    const off = at(-3000);
    await expect(checkClock(off.ctx, clockStep)).resolves.toBe('unchanged');
    expect(off.logs[0]).toMatch(
      /^note: vm2's clock is 3\.0\d\d s behind the panel's .*timedatectl set-ntp true/,
    );

    const far = at(20 * 60_000);
    const err = await checkClock(far.ctx, clockStep).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PreflightError);
    expect((err as Error).message).toMatch(/^vm2's clock is 20\.0 min ahead of the panel's .*chrony/);
  });

  it('explains a date that does not print milliseconds', async () => {
    const { ctx } = context([{ match: /^date/, result: { stdout: '1700000000%3N' } }]);
    await expect(checkClock(ctx, clockStep)).rejects.toThrow(/GNU date/);
  });
});

describe('peer reachability', () => {
  it('runs pg_isready against the upstream from the node itself', async () => {
    const { ctx, executor } = context([
      { match: /pg_isready/, result: { stdout: '10.77.0.13:5432 - accepting connections' } },
      { match: /psql/, result: { exitCode: 2, stderr: 'psql: error: connection to server at "10.77.0.13", port 5432 failed: fe_sendauth: no password supplied' } },
    ]);
    await expect(checkReachable(ctx, reachStep)).resolves.toBe('unchanged');
    expect(executor.calls[0]).toBe('/usr/lib/postgresql/15/bin/pg_isready -h 10.77.0.13 -p 5432 -t 5');
    // TLS: the handshake with the standby's CA file, before any password.
    expect(executor.calls[1]).toMatch(/psql .*sslmode=verify-full sslrootcert='\/etc\/postgresql\/15\/main\/tls\/ca\.crt'/);
  });

  it('stops with libpq\'s reason when the upstream serves a certificate that does not verify', async () => {
    const { ctx } = context([
      { match: /pg_isready/, result: { stdout: '10.77.0.13:5432 - accepting connections' } },
      { match: /psql/, result: { exitCode: 2, stderr: 'psql: error: connection to server at "10.77.0.13", port 5432 failed: server certificate for "10.77.0.99" does not match host name "10.77.0.13"' } },
    ]);
    const err = await checkReachable(ctx, reachStep).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PreflightError);
    expect((err as Error).message).toMatch(/^vm4 cannot verify vm3's TLS certificate at 10\.77\.0\.13:5432 .*server certificate for "10\.77\.0\.99" does not match host name "10\.77\.0\.13"/);
  });

  it('names listen_addresses, the firewall rule and the address when nothing answers', async () => {
    const { ctx } = context([
      { match: /pg_isready/, result: { exitCode: 2, stdout: '10.77.0.13:5432 - no response' } },
    ]);
    const err = await checkReachable(ctx, reachStep).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostError);
    const e = err as HostError;
    expect(e.message).toContain("vm4 (10.77.0.14) gets no answer from vm3's PostgreSQL at 10.77.0.13:5432");
    expect(e.message).toContain('listen_addresses includes 10.77.0.13');
    expect(e.message).toContain('ufw allow from 10.77.0.14 to any port 5432 proto tcp');
    expect(e).toMatchObject({
      exitCode: 2,
      stderr: '10.77.0.13:5432 - no response',
      command: '/usr/lib/postgresql/15/bin/pg_isready -h 10.77.0.13 -p 5432 -t 5',
    });
  });

  it('waits for an upstream that is still starting up', async () => {
    let calls = 0;
    const { ctx } = context([
      {
        match: /pg_isready/,
        result: () =>
          ++calls === 1
            ? { exitCode: 1, stdout: 'rejecting connections' }
            : { stdout: 'accepting connections' },
      },
      { match: /psql/, result: { exitCode: 2, stderr: 'FATAL:  password authentication failed' } },
    ]);
    await expect(checkReachable(ctx, reachStep)).resolves.toBe('unchanged');
    expect(calls).toBe(2);
  });
});
