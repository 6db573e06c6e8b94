import { describe, expect, it } from 'vitest';
import example from '@/examples/four-node.local.json';
import { compilePlan } from './compile';
import { deriveSettings } from './derive/settings';
import { observed, valid } from './test-topologies';
import type { Plan, Step } from './types';
import { OBJECT_MODULES } from '@/lib/objects';

const withBackup = (backup: Record<string, unknown> = {}) =>
  valid({ ...example, backups: [{ node: 'vm3', fromStandby: 'vm4', repository: { type: 'posix', host: 'vm3', path: '/srv/backups' }, schedule: { full: '0 2 * * 0' }, retention: { full: 3 }, ...backup }] });

const step = (plan: Plan, id: string) => {
  const s = plan.steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id}`);
  return s;
};
const setting = (t: ReturnType<typeof withBackup>, node: string, name: string) => new Map(deriveSettings(t, node, observed.layout)).get(name);

describe('plan-add-backup (local clusters)', () => {
  const t = withBackup();
  const plan = compilePlan(t, observed);

  it('installs or checks pgBackRest, writes its file and creates the stanza on the backup node, after its standby runs', () => {
    const ids = plan.steps.map((s) => s.id);
    expect(ids.filter((id) => /pgbackrest|stanza/.test(id))).toEqual(['vm3/install-pgbackrest', 'vm3/write-pgbackrest-config', 'vm3/create-stanza']);
    expect(step(plan, 'vm3/create-stanza').needs).toContain('vm4/ensure-running');
    expect(ids.indexOf('vm3/create-stanza')).toBeGreaterThan(ids.indexOf('vm3/ensure-running'));
  });

  it('writes a stanza per cluster: pg1 the node, pg2 its standby with backup-standby=y', () => {
    const p = step(plan, 'vm3/write-pgbackrest-config').params;
    if (p.kind !== 'write-pgbackrest-config') throw new Error('kind');
    const root = '/srv/pgcascade/clusters/c1';
    expect(p.path).toBe(`${root}/vm3/pgbackrest/pgbackrest.conf`);
    expect(p.content).toContain('[four-node-demo-vm3]');
    for (const line of [
      'repo1-path=/srv/backups',
      'repo1-retention-full=3',
      `pg1-path=${root}/vm3/pgdata`,
      'pg1-port=55433',
      `pg1-socket-path=${root}/vm3/run`,
      `pg2-path=${root}/vm4/pgdata`,
      'pg2-port=55434',
      'backup-standby=y',
      `lock-path=${root}/vm3/pgbackrest/lock`,
    ])
      expect(p.content.split('\n')).toContain(line);
    expect(p.content).toContain('full 0 2 * * 0; differential none');
  });

  it("archives the backup node's WAL to pgBackRest, then to the plain archive the standby's restore_command reads", () => {
    const cmd = setting(t, 'vm3', 'archive_command');
    const root = '/srv/pgcascade/clusters/c1';
    expect(cmd).toBe(`pgbackrest --config=${root}/vm3/pgbackrest/pgbackrest.conf --stanza=four-node-demo-vm3 archive-push %p && test ! -f ${root}/vm3/wal-archive/%f && cp %p ${root}/vm3/wal-archive/%f`);
    expect(setting(t, 'vm3', 'archive_mode')).toBe('on');
    expect(setting(t, 'vm4', 'restore_command')).toBe(`cp ${root}/vm3/wal-archive/%f %p`);
  });

  it('a changed retention or schedule changes the file; a removed backup has no steps and keeps the repository', () => {
    const changed = compilePlan(withBackup({ retention: { full: 5 }, schedule: { full: '0 3 * * *' } }), observed);
    const a = step(plan, 'vm3/write-pgbackrest-config').params;
    const b = step(changed, 'vm3/write-pgbackrest-config').params;
    expect(a.kind === 'write-pgbackrest-config' && b.kind === 'write-pgbackrest-config' && a.content !== b.content).toBe(true);
    const removed = compilePlan(valid(example), observed, { previous: [t] });
    expect(removed.steps.some((s: Step) => /pgbackrest|stanza/.test(s.kind))).toBe(false);
    expect(removed.steps.some((s: Step) => s.commands.some((c) => c.type === 'shell' && c.argv.join(' ').includes('/srv/backups')))).toBe(false);
  });

  it('without a standby to read from, only pg1 is configured', () => {
    const p = step(compilePlan(withBackup({ fromStandby: undefined }), observed), 'vm3/write-pgbackrest-config').params;
    expect(p.kind === 'write-pgbackrest-config' && !p.content.includes('pg2-') && !p.content.includes('backup-standby')).toBe(true);
  });
});

describe('pgBackRest object diffs', () => {
  const plan = compilePlan(withBackup(), observed);
  const diff = (id: string, live: unknown) => {
    const s = step(plan, id);
    return OBJECT_MODULES[s.kind]?.diff(s.params, live, {}) ?? null;
  };

  it('the config: same file and folders is no change; a changed file is a planned rewrite', () => {
    const s = step(plan, 'vm3/write-pgbackrest-config');
    const content = s.params.kind === 'write-pgbackrest-config' ? s.params.content : '';
    expect(diff(s.id, { file: content, repository: true, missingDirs: [] })).toBeNull();
    expect(diff(s.id, { file: content.replace('retention-full=3', 'retention-full=1'), repository: true, missingDirs: [] })).toMatchObject({ action: 'change', planned: true, reason: expect.stringContaining('differs') });
    expect(diff(s.id, { file: content, repository: false, missingDirs: [] })?.reason).toContain('the repository /srv/backups is missing');
  });

  it('the stanza exists when both info files do; pgBackRest missing on the panel host says how to install it', () => {
    expect(diff('vm3/create-stanza', { backupInfo: true, archiveInfo: true })).toBeNull();
    expect(diff('vm3/create-stanza', { backupInfo: false, archiveInfo: true })).toMatchObject({ action: 'create', planned: true });
    expect(diff('vm3/install-pgbackrest', { installed: true })).toBeNull();
    expect(diff('vm3/install-pgbackrest', { installed: false })).toMatchObject({ commands: [], reason: expect.stringContaining('apt-get install -y pgbackrest') });
  });
});

describe('plan-add-backup-ssh (backup from the standby on another host)', () => {
  const sshExample = {
    ...example,
    provider: 'ssh',
    nodes: example.nodes.map((n, i) => ({ ...n, port: 5432, address: `10.0.0.${11 + i}`, ssh: { user: 'root', privateKey: 'k', ...(n.name === 'vm4' ? { port: 2222 } : {}) } })),
  };
  const t = valid({ ...sshExample, backups: [{ node: 'vm3', fromStandby: 'vm4', repository: { type: 'posix', host: 'vm3', path: '/var/lib/pgbackrest' } }] });
  const debian = { layout: { kind: 'debian' as const, version: 15 } };
  const plan = compilePlan(t, debian);
  const ids = plan.steps.map((s) => s.id);
  const secrets = { pgbackrest_ssh_key_vm3: 'PRIVATE\n', pgbackrest_ssh_pub_vm3: 'ssh-ed25519 AAAA pgcascade-pgbackrest-vm3', pgbackrest_known_hosts_vm3: '[10.0.0.14]:2222 ssh-ed25519 BBBB\n' };
  const diff = (id: string, live: unknown, s: Record<string, string> = secrets) => {
    const found = step(plan, id);
    return OBJECT_MODULES[found.kind]?.diff(found.params, live, s) ?? null;
  };

  it('installs pgBackRest on vm4 too, authorizes vm3 there, and creates the stanza after both', () => {
    expect(ids.filter((id) => /pgbackrest|stanza/.test(id))).toEqual(['vm4/install-pgbackrest', 'vm4/authorize-pgbackrest-ssh', 'vm3/install-pgbackrest', 'vm3/write-pgbackrest-ssh', 'vm3/write-pgbackrest-config', 'vm3/create-stanza']);
    expect(step(plan, 'vm3/create-stanza').needs).toContain('vm4/authorize-pgbackrest-ssh');
  });

  it('pg2 is vm4 over SSH through pgcascade\'s cmd-ssh; no secret is in the plan', () => {
    const p = step(plan, 'vm3/write-pgbackrest-config').params;
    const content = p.kind === 'write-pgbackrest-config' ? p.content : '';
    expect(content).toContain('cmd-ssh=/etc/pgbackrest/pgcascade-ssh');
    expect(content).toMatch(/pg2-host=10\.0\.0\.14\npg2-host-user=postgres\npg2-host-port=2222\npg2-path=\/var\/lib\/postgresql\/15\/main\npg2-port=5432/);
    expect(content).toContain('backup-standby=y');
    const text = JSON.stringify(plan);
    expect(text).toContain('{{secret:pgbackrest_ssh_key_vm3}}');
    expect(text).not.toContain('PRIVATE');
    const block = step(plan, 'vm4/authorize-pgbackrest-ssh').commands.find((c) => c.type === 'managed-block');
    expect(block?.type === 'managed-block' && block.block).toContain('restrict,from="10.0.0.13" {{secret:pgbackrest_ssh_pub_vm3}}');
  });

  it('the client files and the authorized key diff against the stored secrets', () => {
    const wrapper = step(plan, 'vm3/write-pgbackrest-ssh').params;
    const script = wrapper.kind === 'write-pgbackrest-ssh' ? wrapper.wrapper : '';
    expect(script).toContain('-o StrictHostKeyChecking=yes');
    expect(diff('vm3/write-pgbackrest-ssh', { key: 'PRIVATE\n', knownHosts: secrets.pgbackrest_known_hosts_vm3, wrapper: script })).toBeNull();
    expect(diff('vm3/write-pgbackrest-ssh', { key: 'OTHER\n', knownHosts: secrets.pgbackrest_known_hosts_vm3, wrapper: script })).toMatchObject({ action: 'change', planned: true, reason: expect.stringContaining("is not pgcascade's key") });
    expect(diff('vm3/write-pgbackrest-ssh', { key: null, knownHosts: null, wrapper: null }, { ...secrets, pgbackrest_known_hosts_vm3: '' })).toMatchObject({ commands: [], reason: expect.stringContaining('accept it in Settings') });
    const file = (lines: string[]) => `# BEGIN pgcascade (managed block: rewritten on every apply)\n${lines.join('\n')}\n# END pgcascade\nssh-ed25519 CCCC someone\n`;
    expect(diff('vm4/authorize-pgbackrest-ssh', { file: file([`restrict,from="10.0.0.13" ${secrets.pgbackrest_ssh_pub_vm3}`]) })).toBeNull();
    expect(diff('vm4/authorize-pgbackrest-ssh', { file: 'ssh-ed25519 CCCC someone\n' })).toMatchObject({ action: 'create', planned: true });
    expect(diff('vm4/authorize-pgbackrest-ssh', { file: file(['restrict,from="10.0.0.99" ssh-ed25519 AAAA x']) })).toMatchObject({ action: 'change' });
  });
});
