import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import example from '../../examples/four-node.local.json';
import { api, failedSteps, waitForJob } from './helpers/api';
import { eventually, psql } from './helpers/psql';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';
import { applyLocalCluster, removePanel } from './helpers/local-cluster';

const ports: Record<string, number> = { vm1: 55651, vm2: 55652, vm3: 55653, vm4: 55654 };

interface DriftAnswer {
  checkedAt: string | null;
  drift: Array<{
    node: string;
    stepId: string;
    kind: string;
    what: string;
    expected: string;
    actual: string;
  }>;
  error: string | null;
}

describe('drift and reconcile', () => {
  const dataDir = freshDataDir();
  let panel: PanelServer;
  let id = '';
  let root = '';

  beforeAll(async () => {
    panel = await startPanel(3109, dataDir);
    ({ id, root } = await applyLocalCluster(panel, {
      ...example,
      // vm2's and vm3's copies of test refuse local writes (the guard is part of the desired state too).
      tables: example.tables.map((t) => (t.name === 'test' ? { ...t, guardCopies: true } : t)),
      nodes: example.nodes.map((n) => ({ ...n, port: ports[n.name] })),
    }));
  });
  afterAll(() => removePanel(panel, dataDir));

  it('finds no drift right after an apply', async () => {
    const r = await api<DriftAnswer>(panel.url, 'POST', `/api/clusters/${id}/drift`);
    expect(r.status).toBe(200);
    expect(r.body.error).toBeNull();
    expect(r.body.drift).toEqual([]);
  });

  it('refuses local writes on a guarded copy, while replicated rows still arrive', () => {
    expect(() =>
      psql(root, 'vm2', ports.vm2!, 'technolabels', "INSERT INTO test (data) VALUES ('local write on vm2')"),
    ).toThrow(/subscribed copy/);
    psql(
      root,
      'vm1',
      ports.vm1!,
      'technolabels',
      "INSERT INTO test (data) VALUES ('guarded but replicated')",
    );
    return eventually(
      () =>
        psql(
          root,
          'vm2',
          ports.vm2!,
          'technolabels',
          "SELECT count(*) FROM test WHERE data = 'guarded but replicated'",
        ),
      (v) => v === '1',
    );
  });

  it('lists changes made behind its back, plans only those steps, and reconcile puts them right', async () => {
    psql(root, 'vm3', ports.vm3!, 'technolabels', 'ALTER SUBSCRIPTION sub_test_vm1 DISABLE');
    const hba = path.join(root, 'vm2', 'pgdata', 'pg_hba.conf');
    const original = readFileSync(hba, 'utf8');
    writeFileSync(hba, original.replace(/# BEGIN pgcascade[\s\S]*?# END pgcascade\n?/i, ''));
    expect(readFileSync(hba, 'utf8')).not.toBe(original);

    const found = (await api<DriftAnswer>(panel.url, 'POST', `/api/clusters/${id}/drift`)).body;
    expect(found.drift.map((d) => d.stepId).sort()).toEqual([
      'vm2/write-pg-hba',
      'vm3/enable-subscriptions',
    ]);
    expect(found.drift.find((d) => d.node === 'vm3')?.what).toMatch(/disabled/i);
    expect((await api<DriftAnswer>(panel.url, 'GET', `/api/clusters/${id}/drift`)).body.drift.length).toBe(2);

    const plan = await api<{ steps: Array<{ id: string; kind: string }> }>(
      panel.url,
      'GET',
      `/api/clusters/${id}/reconcile`,
    );
    const changing = plan.body.steps.filter((s) => !s.kind.startsWith('check-')).map((s) => s.id);
    expect(changing).toContain('vm2/write-pg-hba');
    expect(changing).toContain('vm3/enable-subscriptions');
    expect(changing).not.toContain('vm1/set-settings');
    expect(changing.length).toBeLessThanOrEqual(5);

    const queued = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/reconcile`);
    expect(queued.status).toBe(202);
    expect(failedSteps(await waitForJob(panel.url, queued.body.jobId))).toEqual([]);
    expect(
      psql(
        root,
        'vm3',
        ports.vm3!,
        'technolabels',
        "SELECT subenabled FROM pg_subscription WHERE subname = 'sub_test_vm1'",
      ),
    ).toBe('t');
    expect(readFileSync(hba, 'utf8')).toContain('pgcascade');
    expect((await api<DriftAnswer>(panel.url, 'POST', `/api/clusters/${id}/drift`)).body.drift).toEqual([]);
    const again = await api<{ errors: Array<{ message: string }> }>(
      panel.url,
      'POST',
      `/api/clusters/${id}/reconcile`,
    );
    expect(again.status).toBe(409);
  });

  it('sees wal_level = replica set by ALTER SYSTEM on a publisher, waiting for the next restart, and reconcile resets it', async () => {
    psql(root, 'vm1', ports.vm1!, 'postgres', "ALTER SYSTEM SET wal_level = 'replica'");
    // Still logical now: only the next restart would apply it, and break logical replication.
    expect(psql(root, 'vm1', ports.vm1!, 'postgres', 'SHOW wal_level')).toBe('logical');
    const found = (await api<DriftAnswer>(panel.url, 'POST', `/api/clusters/${id}/drift`)).body.drift;
    // Once vm1 has reloaded (any reload), its service also says the restart is pending: the same cause.
    expect(found.map((d) => d.stepId).filter((s) => s !== 'vm1/ensure-running')).toEqual(['vm1/set-settings']);
    expect(found.find((d) => d.stepId === 'vm1/set-settings')?.what).toMatch(/wal_level = replica is set by ALTER SYSTEM .*the next restart applies it/);
    const queued = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/reconcile`);
    expect(queued.status).toBe(202);
    expect(failedSteps(await waitForJob(panel.url, queued.body.jobId))).toEqual([]);
    expect(psql(root, 'vm1', ports.vm1!, 'postgres', "SELECT count(*) FROM pg_file_settings WHERE name = 'wal_level' AND sourcefile LIKE '%postgresql.auto.conf'")).toBe('0');
    expect((await api<DriftAnswer>(panel.url, 'POST', `/api/clusters/${id}/drift`)).body.drift).toEqual([]);
  });
});
