import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '@/lib/hosts/executor';
import { HostError } from '@/lib/hosts/host-error';
import { LocalExecutor } from '@/lib/hosts/local-executor';
import { HostKeyChangedError, SshExecutor, type HostKeyStore } from '@/lib/hosts/ssh-executor';
import { ADDRESSES, deployPassword, rootKey, testbedUp } from './helpers/testbed';

function memoryKeys(initial: Record<string, string> = {}): HostKeyStore & { pinned: Record<string, string> } {
  const pinned = { ...initial };
  return { pinned, get: async (h, p) => pinned[`${h}:${p}`] ?? null, pin: async (h, p, f) => void (pinned[`${h}:${p}`] = f) };
}

/** One contract for every executor: the runner relies on exactly this behaviour, wherever commands run. */
function contract(name: string, make: () => Executor, opts: { postgresUser: string; tunnelPort?: number }) {
  describe(`executor contract: ${name}`, () => {
    let ex: Executor;
    beforeAll(() => {
      ex = make();
    });
    afterAll(async () => ex.close());

    it('runs a command and returns its output and exit code', async () => {
      const r = await ex.run(['sh', '-c', 'echo out; echo err >&2; exit 0']);
      expect(r).toMatchObject({ exitCode: 0, stdout: 'out\n', stderr: 'err\n' });
    });
    it('turns a non-zero exit into a HostError with the command, exit code and stderr', async () => {
      const err = await ex.run(['sh', '-c', 'echo broken >&2; exit 7']).catch((e) => e);
      expect(err).toBeInstanceOf(HostError);
      expect(err).toMatchObject({ exitCode: 7, stderr: 'broken\n' });
      expect(err.command).toContain('exit 7');
    });
    it('returns the failure instead when asked to', async () => {
      expect((await ex.run(['sh', '-c', 'exit 3'], { allowFailure: true })).exitCode).toBe(3);
    });
    it('runs as the clusters’ OS user on request', async () => {
      expect((await ex.run(['id', '-un'], { asPostgres: true })).stdout.trim()).toBe(opts.postgresUser);
    });
    it('passes standard input and environment without putting them on the command line', async () => {
      const r = await ex.run(['sh', '-c', 'cat; echo "[$SECRET_VALUE]"; ps -o args= -p $$'], { stdin: 'from stdin\n', env: { SECRET_VALUE: 'sw0rdfish-42' } });
      expect(r.stdout).toContain('from stdin\n[sw0rdfish-42]');
      expect(r.stdout.split('\n').slice(2).join('\n')).not.toContain('sw0rdfish-42');
    });
    it('streams output as it comes', async () => {
      const seen: string[] = [];
      await ex.run(['sh', '-c', 'echo one; echo two >&2'], { onOutput: (s, t) => seen.push(`${s}:${t.trim()}`) });
      expect(seen.sort()).toEqual(['stderr:two', 'stdout:one']);
    });
    it('reads a missing file as null and writes files with mode and owner', async () => {
      const path = `/tmp/pgcascade-contract-${process.pid}-${name.replace(/\W/g, '')}`;
      expect(await ex.readFile(`${path}-missing`)).toBeNull();
      await ex.writeFile(path, 'line 1\nline 2\n', { mode: 0o640, asPostgres: true });
      expect(await ex.readFile(path)).toBe('line 1\nline 2\n');
      expect((await ex.run(['stat', '-c', '%a %U', path])).stdout.trim()).toBe(`640 ${opts.postgresUser}`);
      await ex.run(['rm', '-f', path]);
    });
    it('times out a command that runs too long', async () => {
      const started = Date.now();
      await expect(ex.run(['sleep', '5'], { timeoutMs: 300 })).rejects.toBeInstanceOf(HostError);
      expect(Date.now() - started).toBeLessThan(4000);
    });
    if (opts.tunnelPort !== undefined) {
      it('opens a tunnel to a port on the host’s loopback', async () => {
        // PostgreSQL answers an SSLRequest with one byte, S or N: a real protocol exchange through the tunnel.
        await ex.run(['sh', '-c', 'pg_ctlcluster 15 main status >/dev/null || pg_ctlcluster 15 main start']);
        const tunnel = await ex.openTunnel(opts.tunnelPort!);
        const answer = await new Promise<string>((resolve, reject) => {
          const s = connect(tunnel.port, tunnel.host, () => s.write(Buffer.from([0, 0, 0, 8, 4, 210, 22, 47])));
          s.once('data', (d: Buffer) => (s.destroy(), resolve(d.toString())));
          s.once('error', reject);
          s.once('close', () => reject(new Error('the tunnel closed without an answer')));
        });
        expect(['S', 'N']).toContain(answer);
        await tunnel.close();
      });
    }
  });
}

const localUser = process.getuid?.() === 0 ? 'postgres' : userInfo().username;
contract('local', () => new LocalExecutor(), { postgresUser: localUser });

describe.skipIf(!testbedUp)('SSH executors on the test bed', () => {
  contract('ssh as root', () => new SshExecutor({ node: 'vm1', host: ADDRESSES.vm1!, port: 22, username: 'root', privateKey: rootKey() }, memoryKeys()), {
    postgresUser: 'postgres',
    tunnelPort: 5432,
  });
  contract(
    'ssh as deploy with sudo',
    () => new SshExecutor({ node: 'vm2', host: ADDRESSES.vm2!, port: 22, username: 'deploy', privateKey: rootKey(), sudoPassword: deployPassword() }, memoryKeys()),
    { postgresUser: 'postgres' },
  );

  it('pins the host key on first use and refuses a changed one', async () => {
    const keys = memoryKeys();
    const first = new SshExecutor({ node: 'vm3', host: ADDRESSES.vm3!, port: 22, username: 'root', privateKey: rootKey() }, keys);
    await first.run(['true']);
    await first.close();
    expect(keys.pinned[`${ADDRESSES.vm3}:22`]).toMatch(/^SHA256:/);
    const forged = memoryKeys({ [`${ADDRESSES.vm3}:22`]: 'SHA256:someoneelse' });
    const second = new SshExecutor({ node: 'vm3', host: ADDRESSES.vm3!, port: 22, username: 'root', privateKey: rootKey() }, forged);
    const err = await second.run(['true']).catch((e) => e);
    expect(err).toBeInstanceOf(HostKeyChangedError);
    expect(err.message).toContain('vm3');
    await second.close();
  });

  it('names the cause of a refused sudo password and of a refused key', async () => {
    const wrongSudo = new SshExecutor({ node: 'vm2', host: ADDRESSES.vm2!, port: 22, username: 'deploy', privateKey: rootKey(), sudoPassword: 'not-the-password' }, memoryKeys());
    await expect(wrongSudo.run(['true'])).rejects.toThrow(/sudo on vm2 .* refused the password/);
    await wrongSudo.close();
    const dir = mkdtempSync(path.join(tmpdir(), 'pgcascade-key-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'k')]);
    const other = readFileSync(path.join(dir, 'k'), 'utf8');
    rmSync(dir, { recursive: true });
    const wrongKey = new SshExecutor({ node: 'vm1', host: ADDRESSES.vm1!, port: 22, username: 'root', privateKey: other }, memoryKeys());
    await expect(wrongKey.run(['true'])).rejects.toThrow(/login to vm1 .* refused the key/);
  });
});

