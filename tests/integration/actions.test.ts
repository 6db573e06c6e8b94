import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, waitForJob } from './helpers/api';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';
import { buildActions, callServerAction, type ActionRef } from './helpers/server-action';
import { singleNode } from './helpers/topologies';

// Ports: panel 3400, cluster node 55950 (the `actions` range).
const PORT = 3400;
const NODE_PORT = 55950;
const ADMIN_PASSWORD = 'admin password for actions';
const PASSWORDS = { operator: 'operator password 1234', viewer: 'viewer password 12345' };

/** Each action's least role: a new action must be added here with the role it declares. */
const EXPECTED: Record<string, 'operator' | 'admin'> = {
  createClusterAction: 'operator',
  applyClusterAction: 'operator',
  previewApplyAction: 'operator',
  reconcileClusterAction: 'operator',
  destroyClusterAction: 'admin',
  rebuildNodeAction: 'operator',
  takeoverAction: 'operator',
  insertTestRowAction: 'operator',
  subscriptionAction: 'operator',
  checkDriftAction: 'operator',
  updateMonitoringAction: 'operator',
  cancelJobAction: 'operator',
  retryJobAction: 'operator',
};

describe('server actions check the session and the role like the API, and leave an audit row', () => {
  const dataDir = freshDataDir();
  let panel: PanelServer;
  const cookies: Record<'admin' | 'operator' | 'viewer', string> = { admin: '', operator: '', viewer: '' };
  const actions = new Map<string, ActionRef>();
  const as = (who: keyof typeof cookies) => ({ cookie: cookies[who] });
  const call = (name: string, args: unknown[], headers: Record<string, string> = {}) => callServerAction(panel.url, actions.get(name)!, args, headers);

  async function login(username: string, password: string): Promise<string> {
    const res = await fetch(`${panel.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    expect(res.status).toBe(200);
    return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  }

  async function auditRows() {
    const page = await api<{ entries: Array<Record<string, unknown>> }>(panel.url, 'GET', '/api/audit?limit=1000&action=ACTION');
    expect(page.status).toBe(200);
    return page.body.entries;
  }

  beforeAll(async () => {
    for (const a of buildActions()) actions.set(a.name, a);
    panel = await startPanel(PORT, dataDir, { PGCASCADE_ADMIN_PASSWORD: ADMIN_PASSWORD });
    cookies.admin = await login('admin', ADMIN_PASSWORD);
    for (const role of ['operator', 'viewer'] as const) {
      expect((await api(panel.url, 'POST', '/api/users', { name: role, role, password: PASSWORDS[role] }, as('admin'))).status).toBe(201);
      cookies[role] = await login(role, PASSWORDS[role]);
    }
  });
  afterAll(async () => {
    // Remove the cluster's node even when a test failed halfway.
    const listed = await api<{ clusters: Array<{ id: string; status: string }> }>(panel.url, 'GET', '/api/clusters').catch(() => null);
    for (const c of listed?.body.clusters ?? []) {
      if (c.status === 'destroyed') continue;
      const r = await api<{ jobId?: string }>(panel.url, 'DELETE', `/api/clusters/${c.id}`);
      if (r.body.jobId) await waitForJob(panel.url, r.body.jobId).catch(() => undefined);
    }
    await panel?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists every action of the build with its role', () => {
    expect([...actions.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('refuses every action without a session (401) and a viewer (403), and records the viewer', async () => {
    const wrong: string[] = [];
    for (const [name, need] of Object.entries(EXPECTED)) {
      const anonymous = await call(name, ['no-such-id']);
      if (anonymous.result?.status !== 401) wrong.push(`${name} without a session: ${JSON.stringify(anonymous)}`);
      const viewer = await call(name, ['no-such-id'], as('viewer'));
      if (viewer.result?.status !== 403 || !/needs the (operator|admin) role/.test(viewer.result.errors?.[0]?.message ?? '')) wrong.push(`${name} as a viewer: ${JSON.stringify(viewer)}`);
      if (need === 'admin') {
        const operator = await call(name, ['no-such-id'], as('operator'));
        if (operator.result?.status !== 403) wrong.push(`${name} as an operator: ${JSON.stringify(operator)}`);
      }
    }
    expect(wrong).toEqual([]);
    const rows = await auditRows();
    // Anonymous refusals are not recorded (an attacker could flood the table); the viewer's are, one per action.
    expect(rows.filter((r) => r.actorKind === 'anonymous')).toEqual([]);
    const denied = rows.filter((r) => r.actor === 'viewer' && r.outcome === 'denied').map((r) => r.action);
    expect(new Set(denied)).toEqual(new Set(Object.keys(EXPECTED).map((n) => `ACTION ${n}`)));
    expect(rows.find((r) => r.actor === 'viewer')).toMatchObject({ actorKind: 'user', status: 403, clientAddress: '127.0.0.1' });
  });

  it('refuses a call from another site before it runs', async () => {
    const before = (await auditRows()).length;
    const r = await call('checkDriftAction', ['no-such-id'], { ...as('operator'), origin: 'http://evil.example' });
    expect(r.result).toBeNull();
    expect((await auditRows()).length).toBe(before);
  });

  it('answers a bad topology with every problem and its field, as the API does', async () => {
    const r = await call('createClusterAction', [{ ...singleNode(NODE_PORT), nodes: [{ name: 'Bad Name', port: 70000 }] }], as('operator'));
    expect(r.result).toMatchObject({ ok: false, status: 422 });
    expect(r.result!.errors!.map((e) => e.path)).toEqual(expect.arrayContaining(['nodes.0.name', 'nodes.0.port']));
    expect((await auditRows()).find((e) => e.action === 'ACTION createClusterAction')).toMatchObject({ actor: 'operator', outcome: 'refused', status: 422 });
  });

  it('creates a cluster, inserts a test row and destroys it through actions, each recorded', async () => {
    const created = await call('createClusterAction', [singleNode(NODE_PORT, 'actions')], as('operator'));
    expect(created.result).toMatchObject({ ok: true, data: { id: expect.any(String), jobId: expect.any(String) } });
    const { id, jobId } = created.result!.data as { id: string; jobId: string };
    expect((await waitForJob(panel.url, jobId)).status).toBe('succeeded');

    const row = await call('insertTestRowAction', [id, { node: 'solo', table: 't', data: 'through an action' }], as('operator'));
    expect(row.result).toMatchObject({ ok: true, data: { id: expect.any(String), data: 'through an action', insertedAt: expect.any(String) } });
    const rows = await api<{ nodes: Record<string, { rows: Array<{ data: string | null }> }> }>(panel.url, 'GET', `/api/clusters/${id}/rows?table=t`);
    expect(rows.body.nodes.solo?.rows.map((r) => r.data)).toContain('through an action');

    // A standby is read-only, a missing table is a field problem: the same refusals as the route's.
    const missing = await call('insertTestRowAction', [id, { node: 'solo', table: 'nope' }], as('operator'));
    expect(missing.result).toMatchObject({ ok: false, status: 422 });

    const badInterval = await call('updateMonitoringAction', [id, { intervalSeconds: 0 }], as('operator'));
    expect(badInterval.result).toMatchObject({ ok: false, status: 422, errors: [{ path: 'intervalSeconds' }] });
    expect((await call('updateMonitoringAction', [id, { intervalSeconds: 7 }], as('operator'))).result).toMatchObject({ ok: true, data: { intervalSeconds: 7 } });
    expect((await api<{ intervalSeconds: number }>(panel.url, 'GET', `/api/clusters/${id}/monitoring`)).body.intervalSeconds).toBe(7);

    expect((await call('destroyClusterAction', [id], as('operator'))).result).toMatchObject({ ok: false, status: 403 });
    const destroyed = await call('destroyClusterAction', [id], as('admin'));
    expect(destroyed.result).toMatchObject({ ok: true, data: { jobId: expect.any(String) } });
    expect((await waitForJob(panel.url, (destroyed.result!.data as { jobId: string }).jobId)).status).toBe('succeeded');

    const audit = await auditRows();
    expect(audit.find((e) => e.action === 'ACTION createClusterAction' && e.outcome === 'ok')).toMatchObject({ actor: 'operator', clusterId: id, target: jobId, status: 201 });
    expect(audit.find((e) => e.action === 'ACTION insertTestRowAction' && e.outcome === 'ok')).toMatchObject({ actor: 'operator', clusterId: id, node: 'solo', status: 201 });
    expect(audit.find((e) => e.action === 'ACTION destroyClusterAction' && e.actor === 'operator')).toMatchObject({ outcome: 'denied', clusterId: id });
    expect(audit.find((e) => e.action === 'ACTION destroyClusterAction' && e.actor === 'admin')).toMatchObject({ outcome: 'ok', clusterId: id, status: 202 });
  });
});
