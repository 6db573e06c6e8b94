import { describe, expect, it } from 'vitest';
import fourNode from '@/examples/four-node.local.json';
import type { TopologyInput } from '@/lib/topology/schema';
import { validateTopology } from '@/lib/topology';
import {
  blocksStep,
  draftFromTopology,
  draftToTopology,
  fieldPaths,
  keyMaker,
  machineSource,
  placeErrors,
  referenceBackup,
  sourcePatch,
  withMaskedSecrets,
  wizardReducer,
  type WizardState,
} from './wizard.utils';
import { initialWizardState } from './example';

const example = fourNode as unknown as TopologyInput;
const start = (): WizardState => ({
  step: 0,
  furthest: 0,
  draft: draftFromTopology(example, keyMaker()),
  keySeq: 1000,
});

describe('draft ⇄ topology', () => {
  it('keeps a table\'s write guard on subscribed copies', () => {
    const guarded = { ...example, tables: example.tables.map((t) => (t.name === 'test' ? { ...t, guardCopies: true } : t)) };
    const back = draftToTopology(draftFromTopology(guarded, keyMaker())) as { tables: Array<{ name: string; guardCopies?: boolean }> };
    expect(back.tables.map((t) => [t.name, t.guardCopies ?? false])).toEqual([['test', true], ['test2', false]]);
  });

  it('round-trips the four-node example exactly', () => {
    expect(draftToTopology(draftFromTopology(example, keyMaker()))).toEqual(fourNode);
  });

  it('leaves an emptied port out so the server reports nodes.N.port', () => {
    const s = wizardReducer(start(), { type: 'update', section: 'nodes', index: 2, patch: { port: null } });
    const result = validateTopology(draftToTopology(s.draft));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.path)).toContain('nodes.2.port');
  });

  it('keeps references when a node is renamed', () => {
    const s = wizardReducer(start(), { type: 'update', section: 'nodes', index: 2, patch: { name: 'db3' } });
    const t = draftToTopology(s.draft) as {
      standbys: Array<{ upstream: string }>;
      subscriptions: Array<{ node: string }>;
    };
    expect(t.standbys[0]?.upstream).toBe('db3');
    expect(t.subscriptions.filter((x) => x.node === 'db3')).toHaveLength(2);
  });

  it('removes what depends on a removed node', () => {
    const s = wizardReducer(start(), { type: 'remove', section: 'nodes', index: 3 });
    expect(s.draft.standbys).toEqual([]);
    const s2 = wizardReducer(start(), { type: 'remove', section: 'nodes', index: 0 });
    expect(s2.draft.publications.map((p) => p.name)).toEqual(['my_pub_test2']);
    expect(s2.draft.subscriptions.map((p) => p.name)).toEqual(['sub_test2_vm2']);
  });

  it('drops a subscription’s publications that are not its new publisher’s', () => {
    const s = wizardReducer(start(), {
      type: 'update',
      section: 'subscriptions',
      index: 2,
      patch: { publisher: start().draft.nodes[1]!.key },
    });
    expect(s.draft.subscriptions[2]?.publications).toEqual([]);
  });

  it('reports a standby of itself at standbys.0.upstream', () => {
    const s0 = start();
    const vm4 = s0.draft.nodes[3]!.key;
    const s = wizardReducer(s0, { type: 'update', section: 'standbys', index: 0, patch: { upstream: vm4 } });
    const result = validateTopology(draftToTopology(s.draft));
    expect(!result.ok && result.errors.map((e) => e.path)).toContain('standbys.0.upstream');
  });
});

describe('navigation', () => {
  it('only jumps forward to validated steps and locks them again after an edit', () => {
    let s = start();
    expect(wizardReducer(s, { type: 'goto', step: 2 }).step).toBe(0);
    s = wizardReducer(s, { type: 'goto', step: 1, unlock: true });
    s = wizardReducer(s, { type: 'goto', step: 0 });
    expect(wizardReducer(s, { type: 'goto', step: 1 }).step).toBe(1);
    s = wizardReducer(s, { type: 'set', patch: { name: 'x' } });
    expect(s.furthest).toBe(0);
    expect(s.draft.name).toBe('x');
  });
});

describe('placeErrors', () => {
  const draft = start().draft;

  it('puts errors on the most specific field and the rest in the summary', () => {
    const placed = placeErrors(
      [
        { path: 'nodes.2.port', message: 'is required' },
        { path: 'publications.0.tables.1', message: 'no such table' },
        { path: 'subscriptions.1', message: 'would loop' },
        { path: 'nodes', message: 'every node is a standby' },
        { path: '', message: 'odd' },
      ],
      [...fieldPaths(0, draft), ...fieldPaths(1, draft)],
    );
    expect(placed.byField).toEqual({
      'nodes.2.port': ['is required'],
      'publications.0.tables': ['no such table'],
      'subscriptions.1': ['would loop'],
    });
    expect(placed.unplaced.map((i) => i.path)).toEqual(['nodes', '']);
  });

  it('lets step 1 pass with errors that belong to step 2', () => {
    expect(blocksStep(0, 'standbys.0.upstream')).toBe(false);
    expect(blocksStep(0, 'nodes.2.port')).toBe(true);
    expect(blocksStep(0, 'postgresVersion')).toBe(true);
    expect(blocksStep(1, 'nodes')).toBe(true);
  });
});

describe('SSH hosts', () => {
  const sshStart = (): WizardState => {
    let s = start();
    s = wizardReducer(s, { type: 'set', patch: { provider: 'ssh' } });
    return s;
  };
  const fill = (s: WizardState, i: number, address: string): WizardState =>
    wizardReducer(wizardReducer(s, { type: 'update', section: 'nodes', index: i, patch: { address } }), {
      type: 'update-ssh',
      index: i,
      patch: { privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nx\n' },
    });

  it('gives SSH nodes PostgreSQL port 5432, user root and SSH port 22, and keeps the local ports', () => {
    const s = sshStart();
    const t = draftToTopology(s.draft) as { nodes: Array<Record<string, unknown>> };
    expect(t.nodes[0]).toEqual({ name: 'vm1', port: 5432, ssh: { user: 'root', port: 22 } });
    const back = wizardReducer(s, { type: 'set', patch: { provider: 'local' } });
    expect(draftToTopology(back.draft)).toEqual(fourNode);
  });

  it('sends only the chosen way to log in, and no empty optional secret', () => {
    let s = fill(sshStart(), 0, ' 10.77.0.11 ');
    s = wizardReducer(s, {
      type: 'update-ssh',
      index: 0,
      patch: { password: 'left over', sudoPassword: 's' },
    });
    const node = (draftToTopology(s.draft) as { nodes: Array<Record<string, unknown>> }).nodes[0];
    expect(node).toEqual({
      name: 'vm1',
      address: '10.77.0.11',
      port: 5432,
      ssh: {
        user: 'root',
        port: 22,
        privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nx\n',
        sudoPassword: 's',
      },
    });
    s = wizardReducer(s, { type: 'update-ssh', index: 0, patch: { auth: 'credential', credentialId: 'c1' } });
    const viaCredential = (draftToTopology(s.draft) as { nodes: Array<{ ssh: unknown }> }).nodes[0];
    expect(viaCredential?.ssh).toEqual({ user: 'root', port: 22, credentialId: 'c1', sudoPassword: 's' });
  });

  it('validates: two filled hosts pass the hosts step, missing fields are reported at their inputs', () => {
    let s = fill(fill(sshStart(), 0, '10.77.0.11'), 1, '10.77.0.12');
    s = wizardReducer(s, { type: 'remove', section: 'nodes', index: 3 });
    s = wizardReducer(s, { type: 'remove', section: 'nodes', index: 2 });
    const ok = validateTopology(draftToTopology(s.draft));
    expect(ok.ok && ok.topology.nodes.map((n) => n.address)).toEqual(['10.77.0.11', '10.77.0.12']);

    s = wizardReducer(s, { type: 'update', section: 'nodes', index: 1, patch: { address: '' } });
    s = wizardReducer(s, { type: 'update-ssh', index: 1, patch: { user: '', privateKey: '' } });
    const result = validateTopology(draftToTopology(s.draft));
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.errors;
    const placed = placeErrors(issues, fieldPaths(0, s.draft));
    expect(Object.keys(placed.byField).sort()).toEqual([
      'nodes.1.address',
      'nodes.1.ssh',
      'nodes.1.ssh.user',
    ]);
    expect(placed.unplaced).toEqual([]);
  });

  it('places a secret error of a choice not on screen on the log-in choice', () => {
    const s = sshStart();
    const placed = placeErrors(
      [
        { path: 'nodes.0.ssh.password', message: 'too long' },
        { path: 'nodes.0.ssh.privateKey', message: 'too long' },
      ],
      fieldPaths(0, s.draft),
    );
    expect(placed.byField).toEqual({ 'nodes.0.ssh': ['too long'], 'nodes.0.ssh.privateKey': ['too long'] });
  });

  it('copies the previous host’s user and credential to a new node, not its secrets', () => {
    let s = fill(sshStart(), 3, '10.77.0.14');
    s = wizardReducer(s, { type: 'update-ssh', index: 3, patch: { user: 'ubuntu', sudoPassword: 'x' } });
    s = wizardReducer(s, { type: 'add', section: 'nodes' });
    expect(s.draft.nodes[4]?.ssh).toMatchObject({ user: 'ubuntu', privateKey: '', sudoPassword: '' });
    expect(s.draft.nodes[4]?.remotePort).toBe(5432);
  });

  it('masks SSH secrets in a downloaded topology', () => {
    const s = wizardReducer(fill(sshStart(), 0, '10.77.0.11'), {
      type: 'update-ssh',
      index: 0,
      patch: { passphrase: 'p' },
    });
    const masked = withMaskedSecrets(draftToTopology(s.draft)) as { nodes: Array<{ ssh: unknown }> };
    expect(masked.nodes[0]?.ssh).toEqual({
      user: 'root',
      port: 22,
      privateKey: '********',
      passphrase: '********',
    });
    expect(masked.nodes[1]?.ssh).toEqual({ user: 'root', port: 22 });
  });

  it('reads an SSH topology back into a draft', () => {
    const t = {
      ...example,
      provider: 'ssh' as const,
      nodes: example.nodes.map((n, i) => ({
        name: n.name,
        address: `10.77.0.1${i + 1}`,
        port: 5432,
        ssh: { user: 'ubuntu', credentialId: 'c1' },
      })),
    };
    const d = draftFromTopology(t, keyMaker());
    expect(d.nodes[0]?.ssh.auth).toBe('credential');
    expect(draftToTopology(d)).toEqual({
      ...fourNode,
      provider: 'ssh',
      nodes: t.nodes.map((n) => ({ ...n, ssh: { ...n.ssh, port: 22 } })),
    });
  });
});

describe('Backups step', () => {
  const withReference = (): WizardState => {
    const s = start();
    return { ...s, draft: { ...s.draft, backups: [referenceBackup(s.draft, 'kb')] } };
  };

  it('pre-fills the reference backup: vm3 from vm4, vm3\'s repository, the schedules, retention 2 and a weekly drill', () => {
    const t = draftToTopology(withReference().draft) as { backups: unknown[] };
    expect(t.backups).toEqual([
      {
        node: 'vm3',
        fromStandby: 'vm4',
        repository: { type: 'posix', host: 'vm3', path: '/var/lib/pgbackrest' },
        schedule: { full: '0 2 * * 0', differential: '0 2 * * 1-6', incremental: '0 * * * *' },
        retention: { full: 2 },
        drill: '0 4 * * 0',
      },
    ]);
    expect(validateTopology(draftToTopology(withReference().draft)).ok).toBe(true);
  });

  it('the wizard starts with it, and the example file stays without backups', () => {
    expect(initialWizardState(false).draft.backups).toHaveLength(1);
    expect(draftToTopology(initialWizardState(true).draft)).toMatchObject({ backups: [{ node: 'vm3', fromStandby: 'vm4' }] });
  });

  it('reports a standby as the backup\'s node and a bad cron at their fields, and only the Backups step is blocked', () => {
    let s = wizardReducer(withReference(), { type: 'update', section: 'backups', index: 0, patch: { node: s0Key(4), full: 'every sunday' } });
    s = wizardReducer(s, { type: 'update', section: 'backups', index: 0, patch: { retentionFull: 0 } });
    const result = validateTopology(draftToTopology(s.draft));
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.errors;
    const placed = placeErrors(issues, fieldPaths(2, s.draft));
    expect(Object.keys(placed.byField).sort()).toEqual(['backups.0.fromStandby', 'backups.0.node', 'backups.0.retention.full', 'backups.0.schedule.full']);
    expect(placed.byField['backups.0.node']?.[0]).toMatch(/is a standby/);
    expect(placed.unplaced).toEqual([]);
    expect(issues.filter((i) => blocksStep(1, i.path))).toEqual([]);
    expect(issues.filter((i) => blocksStep(2, i.path))).toHaveLength(issues.length);
  });

  it('leaves empty schedules and drill out, drops the backup with its node, empties a removed standby', () => {
    let s = wizardReducer(withReference(), { type: 'update', section: 'backups', index: 0, patch: { differential: '', incremental: ' ', drill: '' } });
    expect((draftToTopology(s.draft) as { backups: Array<Record<string, unknown>> }).backups[0]).toMatchObject({ schedule: { full: '0 2 * * 0' } });
    expect((draftToTopology(s.draft) as { backups: Array<Record<string, unknown>> }).backups[0]).not.toHaveProperty('drill');
    s = wizardReducer(s, { type: 'remove', section: 'nodes', index: 3 });
    expect(s.draft.backups[0]?.fromStandby).toBe('');
    s = wizardReducer(s, { type: 'remove', section: 'nodes', index: 2 });
    expect(s.draft.backups).toEqual([]);
    expect(draftToTopology(s.draft)).not.toHaveProperty('backups');
  });

  it('round-trips backups through a topology', () => {
    const t = draftToTopology(withReference().draft) as unknown as TopologyInput;
    expect(draftToTopology(draftFromTopology(t, keyMaker()))).toEqual(t);
  });
});

/** The key of the example's node n (1-based), as draftFromTopology gives it. */
function s0Key(n: number): string {
  return start().draft.nodes[n - 1]?.key ?? '';
}

describe('machines: where the nodes come from', () => {
  const choose = (source: Parameters<typeof sourcePatch>[0]) => wizardReducer(start(), { type: 'set', patch: sourcePatch(source) });

  it('"This machine" and "My servers (SSH)" write no machines; the VM choices write the driver\'s fields and no ssh', () => {
    expect(machineSource(choose('local').draft)).toBe('local');
    expect(draftToTopology(choose('ssh').draft)).not.toHaveProperty('machines');
    const y = wizardReducer(choose('yandex-cloud'), { type: 'update-yandex', patch: { credentialId: 'c1', folderId: 'b1gfolder', subnetId: 'e9bsubnet' } });
    const t = draftToTopology(y.draft) as { provider: string; machines: unknown; nodes: Array<Record<string, unknown>> };
    expect(t.provider).toBe('ssh');
    expect(t.machines).toEqual({ driver: 'yandex-cloud', credentialId: 'c1', folderId: 'b1gfolder', zone: 'ru-central1-a', subnetId: 'e9bsubnet', image: { family: 'ubuntu-2204-lts' }, resources: { cores: 4, memoryGb: 8, diskGb: 20, platform: 'standard-v3' }, publicIp: true });
    expect(t.nodes.every((n) => n.ssh === undefined)).toBe(true);
    const result = validateTopology(t);
    expect(result.ok, JSON.stringify(result)).toBe(true);
  });

  it('libvirt: the URI and resources, errors at machines.* on the hosts step', () => {
    let s = choose('libvirt');
    expect((draftToTopology(s.draft) as { machines: unknown }).machines).toEqual({ driver: 'libvirt', uri: 'qemu:///system', resources: { cores: 1, memoryGb: 1, diskGb: 8 } });
    s = wizardReducer(s, { type: 'update-libvirt', patch: { uri: 'http://nope', memoryGb: null } });
    const result = validateTopology(draftToTopology(s.draft));
    const issues = result.ok ? [] : result.errors;
    const placed = placeErrors(issues.filter((i) => blocksStep(0, i.path)), fieldPaths(0, s.draft));
    expect(Object.keys(placed.byField)).toEqual(expect.arrayContaining(['machines.uri', 'machines.resources.memoryGb']));
    expect(placed.unplaced).toEqual([]);
  });

  it('reads a machines topology back into the same choice', () => {
    const y = wizardReducer(choose('yandex-cloud'), { type: 'update-yandex', patch: { credentialId: 'c1', folderId: 'b1gfolder', subnetId: 'e9bsubnet' } });
    const t = draftToTopology(y.draft) as unknown as TopologyInput;
    const back = draftFromTopology(t, keyMaker());
    expect(machineSource(back)).toBe('yandex-cloud');
    expect(draftToTopology(back)).toEqual(t);
  });
});
