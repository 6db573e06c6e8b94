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
  placeErrors,
  withMaskedSecrets,
  wizardReducer,
  type WizardState,
} from './wizard.utils';

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
