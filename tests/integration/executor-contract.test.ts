import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '@/lib/hosts/executor';
import { HostError } from '@/lib/hosts/host-error';
import { LocalExecutor } from '@/lib/hosts/local-executor';
import { HostKeyChangedError, HostKeyNotAcceptedError, SshExecutor, type HostKeyStore, type SshTarget } from '@/lib/hosts/ssh-executor';
import { ADDRESSES, cloudopsPassword, deployPassword, rootKey, testbedHostKey, testbedUp } from './helpers/testbed';

type Accepted = { fingerprint: string; keyType: string | null };
function memoryKeys(accepted: Record<string, Accepted> = {}): HostKeyStore {
  return { get: async (h, p) => accepted[`${h}:${p}`] ?? null };
}
/** The store a person filled by accepting the test host's key. */
const acceptedFor = (node: string) => memoryKeys({ [`${ADDRESSES[node]}:22`]: testbedHostKey(node) });
const sshTo = (node: string, login: Partial<SshTarget> = {}) =>
  new SshExecutor({ node, host: ADDRESSES[node]!, port: 22, username: 'root', privateKey: rootKey(), ...login }, acceptedFor(node));

/** One contract for every executor: the runner relies on exactly this behaviour, wherever commands run. */
function contract(name: string, make: () => Executor, opts: { postgresUser: string; tunnelPort?: number; secret?: string }) {
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
      // Exactly what was sent: nothing before it (a sudo password that sudo did not read would be there).
      expect(r.stdout.startsWith('from stdin\n[sw0rdfish-42]\n')).toBe(true);
      expect(r.stdout.split('\n').slice(2).join('\n')).not.toContain('sw0rdfish-42');
      const asPostgres = await ex.run(['cat'], { stdin: 'only this\n', asPostgres: true });
      expect(asPostgres.stdout).toBe('only this\n');
      if (opts.secret) expect(`${r.stdout}${r.stderr}${asPostgres.stdout}${asPostgres.stderr}`).not.toContain(opts.secret);
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
    it('refuses a symbolic link the OS user planted, for reads and writes, and changes no file outside the folder', async () => {
      const base = `/tmp/pgcascade-links-${process.pid}-${name.replace(/\W/g, '')}`;
      const dir = `${base}/conf`;
      const victim = `${base}-victim`;
      await ex.run(['rm', '-rf', base, victim]);
      await ex.run(['sh', '-c', 'echo original > "$0" && chmod 644 "$0"', victim]);
      await ex.run(['mkdir', '-p', dir], { asPostgres: true });
      // What a database superuser can do through COPY … TO PROGRAM: links in the folders its OS user owns.
      await ex.run(['ln', '-s', victim, `${dir}/pg_hba.conf`], { asPostgres: true });
      await ex.run(['ln', '-s', victim, `${dir}/pgcascade.conf.pgcascade-tmp`], { asPostgres: true });
      try {
        const write = await ex.writeFile(`${dir}/pg_hba.conf`, 'pwned\n', { mode: 0o600, asPostgres: true }).catch((e) => e);
        expect(write).toBeInstanceOf(HostError);
        expect(write.message).toMatch(/pg_hba\.conf.*symbolic link/);
        const read = await ex.readFile(`${dir}/pg_hba.conf`).catch((e) => e);
        expect(read).toBeInstanceOf(HostError);
        expect(read.message).toMatch(/symbolic link/);
        // The old fixed temporary name is no trap: the temporary file is a new one of its own.
        await ex.writeFile(`${dir}/pgcascade.conf`, 'port = 5432\n', { mode: 0o644, asPostgres: true });
        expect(await ex.readFile(`${dir}/pgcascade.conf`)).toBe('port = 5432\n');
        expect((await ex.run(['stat', '-c', '%a %U', `${dir}/pgcascade.conf`])).stdout.trim()).toBe(`644 ${opts.postgresUser}`);
        expect((await ex.run(['cat', victim])).stdout).toBe('original\n');
        expect((await ex.run(['stat', '-c', '%a %U', victim])).stdout.trim()).toMatch(/^644 /);
        expect((await ex.run(['readlink', `${dir}/pg_hba.conf`])).stdout.trim()).toBe(victim);
        expect((await ex.run(['sh', '-c', 'ls -A "$0" | grep -c pgcascade- || true', dir])).stdout.trim()).toBe('1');
      } finally {
        await ex.run(['rm', '-rf', base, victim]);
      }
    });
    if (opts.postgresUser === 'postgres') {
      it('does not read or write as root in a folder the OS user owns', async () => {
        const dir = `/tmp/pgcascade-rootless-${process.pid}-${name.replace(/\W/g, '')}`;
        await ex.run(['rm', '-rf', dir]);
        await ex.run(['mkdir', dir], { asPostgres: true });
        await ex.run(['sh', '-c', 'echo "$1" > "$0"', `${dir}/f`, 'x'], { asPostgres: true });
        try {
          await expect(ex.writeFile(`${dir}/f`, 'y\n', { mode: 0o644, asPostgres: false })).rejects.toThrow(/belongs to uid/);
          await expect(ex.readFile(`${dir}/f`, { asPostgres: false })).rejects.toThrow(/belongs to uid/);
          expect(await ex.readFile(`${dir}/f`)).toBe('x\n');
          expect(await ex.readFile('/proc/sys/kernel/ostype', { asPostgres: false })).toBe('Linux\n');
        } finally {
          await ex.run(['rm', '-rf', dir]);
        }
      });
    }
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
// As root the executor above goes through the OS user; this one opens files itself, with O_NOFOLLOW.
if (localUser === 'postgres') contract('local without an OS user to switch to', () => new LocalExecutor(undefined, { runAs: null }), { postgresUser: userInfo().username });

describe.skipIf(!testbedUp)('SSH executors on the test bed', () => {
  contract('ssh as root', () => sshTo('vm1'), { postgresUser: 'postgres', tunnelPort: 5432 });
  contract('ssh as deploy with sudo', () => sshTo('vm2', { username: 'deploy', sudoPassword: deployPassword() }), { postgresUser: 'postgres', secret: deployPassword() });
  // A login whose sudo asks for no password, given one anyway: it must not reach any command.
  contract('ssh as cloudops with NOPASSWD sudo, given a sudo password', () => sshTo('vm3', { username: 'cloudops', sudoPassword: cloudopsPassword() }), {
    postgresUser: 'postgres',
    secret: cloudopsPassword(),
  });

  it('logs in only to a host whose key was accepted, and refuses a changed one with both fingerprints', async () => {
    const unknown = new SshExecutor({ node: 'vm3', host: ADDRESSES.vm3!, port: 22, username: 'root', privateKey: rootKey() }, memoryKeys());
    const notAccepted = await unknown.run(['true']).catch((e) => e);
    expect(notAccepted).toBeInstanceOf(HostKeyNotAcceptedError);
    expect(notAccepted.fingerprint).toBe(testbedHostKey('vm3').fingerprint);
    expect(notAccepted.message).toContain(testbedHostKey('vm3').fingerprint);
    expect(notAccepted.message).toMatch(/has not been accepted.*accept it/);
    await unknown.close();

    const accepted = sshTo('vm3');
    expect((await accepted.run(['true'])).exitCode).toBe(0);
    await accepted.close();

    const forged = memoryKeys({ [`${ADDRESSES.vm3}:22`]: { fingerprint: 'SHA256:someoneelse', keyType: 'ssh-ed25519' } });
    const second = new SshExecutor({ node: 'vm3', host: ADDRESSES.vm3!, port: 22, username: 'root', privateKey: rootKey() }, forged);
    const err = await second.run(['true']).catch((e) => e);
    expect(err).toBeInstanceOf(HostKeyChangedError);
    expect(err.message).toContain('vm3');
    expect(err.message).toContain('SHA256:someoneelse');
    expect(err.message).toContain(testbedHostKey('vm3').fingerprint);
    await second.close();
  });

  it('names the cause of a refused sudo password and of a refused key', async () => {
    const wrongSudo = sshTo('vm2', { username: 'deploy', sudoPassword: 'not-the-password' });
    await expect(wrongSudo.run(['true'])).rejects.toThrow(/sudo on vm2 .* refused the password/);
    await wrongSudo.close();
    const noSudo = sshTo('vm2', { username: 'deploy' });
    await expect(noSudo.run(['true'])).rejects.toThrow(/sudo on vm2 .* needs a password/);
    await noSudo.close();
    const dir = mkdtempSync(path.join(tmpdir(), 'pgcascade-key-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'k')]);
    const other = readFileSync(path.join(dir, 'k'), 'utf8');
    rmSync(dir, { recursive: true });
    const wrongKey = sshTo('vm1', { privateKey: other });
    await expect(wrongKey.run(['true'])).rejects.toThrow(/login to vm1 .* refused the key/);
  });
});
