import { describe, expect, it } from 'vitest';
import { errorsOf, exampleTopology, messagesAt } from '../test-fixtures';
import type { TopologyInput } from '../schema';
import { validateTopology } from '../validate';

/** The issue's example on the four-node reference setup: vm3 backed up from vm4. */
function withBackup(overrides: Record<string, unknown> = {}): TopologyInput {
  const t = exampleTopology();
  return {
    ...t,
    backups: [
      {
        node: 'vm3',
        fromStandby: 'vm4',
        repository: { type: 'posix', host: 'vm3', path: '/var/lib/pgbackrest' },
        schedule: { full: '0 2 * * 0', differential: '0 2 * * 1-6', incremental: '0 * * * *' },
        retention: { full: 2 },
        drill: '0 4 * * 0',
        ...overrides,
      },
    ],
  } as TopologyInput;
}

const expectIssue = (input: unknown, path: string, fragment: string) => expect(messagesAt(input, path)).toContainEqual(expect.stringContaining(fragment));

describe('backups', () => {
  it('accepts the issue example; backups are optional', () => {
    expect(errorsOf(withBackup())).toEqual([]);
    const plain = validateTopology(exampleTopology());
    expect(plain.ok && plain.topology.backups).toBeUndefined();
  });

  it('refuses a standby as the backup node, naming its upstream', () => {
    expectIssue(withBackup({ node: 'vm4', fromStandby: undefined }), 'backups.0.node', "vm4 is a standby, which cannot be the backup's own node, only its fromStandby: set node to vm3 and fromStandby to vm4");
  });

  it('refuses a fromStandby that is not that node standby', () => {
    expectIssue(withBackup({ node: 'vm1' }), 'backups.0.fromStandby', 'vm4 is not a standby of vm1');
    expectIssue(withBackup({ fromStandby: 'vm2' }), 'backups.0.fromStandby', 'vm2 is not a standby of vm3; a backup reads from a standby that streams from its node: use one of vm4');
    expectIssue(withBackup({ fromStandby: 'vm9' }), 'backups.0.fromStandby', 'there is no node named vm9');
  });

  it('checks every cron expression with its path', () => {
    const input = withBackup({ schedule: { full: '0 2 * *', incremental: '61 * * * *' }, drill: 'sometimes' });
    expectIssue(input, 'backups.0.schedule.full', 'has 5 fields');
    expectIssue(input, 'backups.0.schedule.incremental', 'minute: 61 is outside 0–59');
    expectIssue(input, 'backups.0.drill', 'is not a cron expression');
  });

  it('requires the repository host to exist', () => {
    expectIssue(withBackup({ repository: { type: 'posix', host: 'vm7', path: '/r' } }), 'backups.0.repository.host', 'there is no node named vm7');
  });

  it('reports an unknown node, a second backup of a node, and shape problems together', () => {
    const t = withBackup();
    const one = (t.backups ?? [])[0];
    const input = { ...t, backups: [one, { ...one }, { node: 'vm8', repository: { type: 's3', host: 'vm3', path: 'rel' }, retention: { full: 0 } }] };
    expectIssue(input, 'backups.1.node', 'vm3 already has a backup (backups.0)');
    expectIssue(input, 'backups.2.node', 'there is no node named vm8');
    expect(errorsOf(input).map((e) => e.path)).toEqual(expect.arrayContaining(['backups.2.repository.type', 'backups.2.repository.path', 'backups.2.retention.full']));
  });

  it('on SSH hosts, keeps the repository on the node (for now), and takes fromStandby and drills', () => {
    const onSsh = (t: ReturnType<typeof withBackup>) => ({ ...t, provider: 'ssh', nodes: t.nodes.map((n, i) => ({ ...n, address: `10.0.0.${i + 1}`, ssh: { user: 'root', privateKey: 'k' } })) });
    expectIssue(onSsh(withBackup({ repository: { type: 'posix', host: 'vm1', path: '/r' } })), 'backups.0.repository.host', 'not supported yet');
    const ok = onSsh(withBackup());
    expect(errorsOf(ok).filter((e) => e.path.startsWith('backups'))).toEqual([]);
  });
});
