import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, failedSteps, waitForJob, type JobView } from './helpers/api';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';

/**
 * Two VMs created with libvirt on this machine (emulated when KVM does not work), PostgreSQL set up in them by
 * the same steps an SSH cluster gets, rows flowing vm1 → vm2; then re-apply, removal of vm2, destroy. Slow
 * (emulated guests on two cores): run with `npm run test:machines`, not in the default suite.
 */
const VM_DIR = '/var/lib/libvirt/images/pgcascade';
const IMAGE_DIR = process.env.PGCASCADE_IMAGE_DIR ?? '/var/cache/pgcascade-images';
// Opt-in (npm run test:machines): the default suite stays fast.
const hasLibvirt = process.env.PGCASCADE_TEST_MACHINES === '1' && process.getuid?.() === 0 && existsSync('/usr/bin/virsh') && existsSync('/usr/sbin/debootstrap');
const virsh = (...args: string[]) => execFileSync('virsh', ['-c', 'qemu:///system', ...args], { encoding: 'utf8' });
const pgcascadeDomains = () => virsh('list', '--all', '--name').split('\n').map((s) => s.trim()).filter((s) => s.startsWith('pgcascade-'));
const vmFiles = () => (existsSync(VM_DIR) ? readdirSync(VM_DIR).filter((f) => f.startsWith('pgcascade-')) : []);

function topology(nodes: string[]) {
  return {
    name: 'vms',
    provider: 'ssh',
    postgresVersion: 15,
    database: 'app',
    tables: [{ name: 'items', columns: [{ name: 'id', type: 'bigserial', primaryKey: true }, { name: 'data', type: 'text' }] }],
    machines: { driver: 'libvirt', uri: 'qemu:///system', resources: { cores: 1, memoryGb: 1, diskGb: 8 } },
    nodes: nodes.map((name) => ({ name, port: 5432 })),
    publications: [{ node: 'vm1', name: 'pub_items', tables: ['items'] }],
    subscriptions: nodes.includes('vm2') ? [{ node: 'vm2', name: 'sub_items', publisher: 'vm1', publications: ['pub_items'] }] : [],
  };
}

const changed = (job: JobView) => job.steps.filter((s) => s.status === 'changed').map((s) => s.id);

describe.skipIf(!hasLibvirt)('VMs created with libvirt, then the SSH steps', () => {
  const dataDir = freshDataDir();
  let panel: PanelServer;
  let clusterId = '';
  const started = Date.now();
  const times: Record<string, number> = {};

  beforeAll(async () => {
    // libvirtd runs as a service on a booted system; in a container it is started here.
    try {
      virsh('version');
    } catch {
      execFileSync('sh', ['-c', 'virtlogd -d; libvirtd -d; sleep 2']);
    }
    panel = await startPanel(3450, dataDir, { PGCASCADE_IMAGE_DIR: IMAGE_DIR });
  });
  afterAll(async () => {
    // Whatever happened: nothing of this test stays on the host.
    for (const d of pgcascadeDomains()) {
      if (!virsh('metadata', d, 'https://pgcascade.dev/xmlns/machine/1').includes(clusterId || '\u0000')) continue;
      try {
        virsh('destroy', d);
      } catch {}
      try {
        virsh('undefine', d);
      } catch {}
    }
    const short = clusterId.replace(/[^a-z0-9]/g, '').slice(0, 8);
    if (short) for (const f of vmFiles().filter((f) => f.includes(short))) rmSync(`${VM_DIR}/${f}`, { force: true });
    if (pgcascadeDomains().length === 0) {
      try {
        virsh('net-destroy', 'pgcascade');
        virsh('net-undefine', 'pgcascade');
      } catch {}
    }
    await panel?.kill();
    rmSync(dataDir, { recursive: true, force: true });
    console.log(`machines: ${JSON.stringify(times)}`);
  });

  it('creates two VMs, installs and sets up PostgreSQL in them, and rows flow vm1 → vm2', async () => {
    const created = await api<{ id: string; jobId: string }>(panel.url, 'POST', '/api/clusters', topology(['vm1', 'vm2']));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    clusterId = created.body.id;
    const job = await waitForJob(panel.url, created.body.jobId, 40 * 60_000);
    times.firstApplyS = Math.round((Date.now() - started) / 1000);
    expect(job.status, `${job.error}\n${JSON.stringify(failedSteps(job))}`).toBe('succeeded');
    expect(changed(job)).toEqual(expect.arrayContaining(['vm1/create-machine', 'vm2/create-machine']));
    expect(pgcascadeDomains().length).toBeGreaterThanOrEqual(2);

    const cluster = await api<{ topology: { nodes: Array<{ name: string; address: string; ssh: { user: string } }> } }>(panel.url, 'GET', `/api/clusters/${clusterId}`);
    for (const n of cluster.body.topology.nodes) {
      expect(n.address).toMatch(/^10\.79\.0\.\d+$/);
      expect(n.ssh.user).toBe('pgcascade');
    }
    const inserted = await api(panel.url, 'POST', `/api/clusters/${clusterId}/test-rows`, { node: 'vm1', table: 'items', data: 'through two VMs' });
    expect(inserted.status, JSON.stringify(inserted.body)).toBe(201);
    type Rows = { nodes: Record<string, { rows: Array<{ data: string | null }> }> };
    const seenOnVm2 = (b: Rows) => (b.nodes.vm2?.rows ?? []).some((r) => r.data === 'through two VMs');
    const deadline = Date.now() + 120_000;
    let rows: Rows = { nodes: {} };
    while (Date.now() < deadline) {
      rows = (await api<Rows>(panel.url, 'GET', `/api/clusters/${clusterId}/rows?table=items`)).body;
      if (seenOnVm2(rows)) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    expect(seenOnVm2(rows), JSON.stringify(rows)).toBe(true);
  }, 45 * 60_000);

  it('changes nothing on a second apply: the VMs are found by their labels', async () => {
    const t0 = Date.now();
    const again = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${clusterId}/apply`);
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    const job = await waitForJob(panel.url, again.body.jobId, 20 * 60_000);
    times.reapplyS = Math.round((Date.now() - t0) / 1000);
    expect(job.status, job.error ?? '').toBe('succeeded');
    expect(changed(job)).toEqual([]);
  }, 25 * 60_000);

  it('deletes vm2 and its disk once it leaves the topology (a confirmed destructive change)', async () => {
    const t0 = Date.now();
    const refused = await api(panel.url, 'POST', `/api/clusters/${clusterId}/apply`, topology(['vm1']));
    expect(refused.status).toBe(409);
    const removed = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${clusterId}/apply?confirmDestructive=true`, topology(['vm1']));
    expect(removed.status, JSON.stringify(removed.body)).toBe(202);
    const job = await waitForJob(panel.url, removed.body.jobId, 20 * 60_000);
    times.removalS = Math.round((Date.now() - t0) / 1000);
    expect(job.status, job.error ?? '').toBe('succeeded');
    expect(changed(job)).toContain('vm2/drop-machine');
    expect(pgcascadeDomains().filter((d) => d.endsWith('-vm2'))).toEqual([]);
    expect(vmFiles().filter((f) => f.includes('-vm2'))).toEqual([]);
    expect(pgcascadeDomains().filter((d) => d.endsWith('-vm1')).length).toBe(1);
  }, 25 * 60_000);

  it('leaves no VM, disk, network or lease behind after destroy', async () => {
    const t0 = Date.now();
    const destroyed = await api<{ jobId: string }>(panel.url, 'DELETE', `/api/clusters/${clusterId}`);
    expect([200, 202]).toContain(destroyed.status);
    const job = await waitForJob(panel.url, destroyed.body.jobId, 10 * 60_000);
    times.destroyS = Math.round((Date.now() - t0) / 1000);
    expect(job.status, job.error ?? '').toBe('succeeded');
    expect(pgcascadeDomains()).toEqual([]);
    expect(vmFiles()).toEqual([]);
    expect(() => virsh('net-info', 'pgcascade')).toThrow();
    expect(existsSync('/var/lib/libvirt/dnsmasq/pgcascade0.status') ? execFileSync('cat', ['/var/lib/libvirt/dnsmasq/pgcascade0.status'], { encoding: 'utf8' }).trim() : '[]').toMatch(/^\[?\]?$/);
  }, 15 * 60_000);
});
