import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, waitForJob } from './helpers/api';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';
import { buildActions, callServerAction, type ActionRef } from './helpers/server-action';
import { singleNode } from './helpers/topologies';

// Ports: panel 3400, webhook receiver 3401, nothing on 3402, cluster node 55950 (the `actions` range).
const PORT = 3400;
const HOOK_PORT = 3401;
const CLOSED_PORT = 3402;
const NODE_PORT = 55950;
const ADMIN_PASSWORD = 'admin password for actions';
const PASSWORDS = { operator: 'operator password 1234', viewer: 'viewer password 12345' };

/** Each action's least role: a new action must be added here with the role it declares. */
const EXPECTED: Record<string, 'viewer' | 'operator' | 'admin'> = {
  logoutAction: 'viewer',
  changeOwnPasswordAction: 'viewer',
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
  createNotificationAction: 'operator',
  updateNotificationAction: 'operator',
  deleteNotificationAction: 'operator',
  testNotificationAction: 'operator',
  backupAction: 'operator',
  drillAction: 'operator',
  restoreAction: 'operator',
  previewSchemaChangeAction: 'operator',
  schemaChangeAction: 'operator',
  previewPlanAction: 'operator',
  testYandexCredentialsAction: 'operator',
  checkLibvirtAction: 'operator',
  runbookAction: 'operator',
  scanHostKeyAction: 'operator',
  importClusterAction: 'operator',
  createUserAction: 'admin',
  updateUserAction: 'admin',
  deleteUserAction: 'admin',
  createTokenAction: 'admin',
  deleteTokenAction: 'admin',
  createCredentialAction: 'admin',
  acceptHostKeysAction: 'admin',
  forgetHostKeyAction: 'admin',
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

  // A webhook receiver that answers 200 and keeps what it was sent.
  const hooks: Array<{ body: string; signature: string | undefined }> = [];
  let receiver: Server | undefined;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        hooks.push({ body, signature: req.headers['x-pgcascade-signature'] as string | undefined });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(HOOK_PORT, '127.0.0.1', resolve));
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
    await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
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
      if (need === 'viewer') continue;
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
    expect(new Set(denied)).toEqual(new Set(Object.entries(EXPECTED).filter(([, need]) => need !== 'viewer').map(([n]) => `ACTION ${n}`)));
    expect(rows.find((r) => r.actor === 'viewer')).toMatchObject({ actorKind: 'user', status: 403, clientAddress: '127.0.0.1' });
  });

  it("changes one's own password and logs out through the header's and settings' actions, with the session cookie", async () => {
    await api(panel.url, 'POST', '/api/users', { name: 'erin', role: 'viewer', password: 'erin password 123456' }, as('admin'));
    const first = await login('erin', 'erin password 123456');
    const second = await login('erin', 'erin password 123456');
    const status = (cookie: string) => api(panel.url, 'GET', '/api/clusters', undefined, { cookie }).then((r) => r.status);

    const wrong = await call('changeOwnPasswordAction', [{ currentPassword: 'not it', newPassword: 'erin new password 1234' }], { cookie: first });
    expect(wrong.result).toMatchObject({ ok: false, status: 422, errors: [{ path: 'currentPassword' }] });
    const short = await call('changeOwnPasswordAction', [{ currentPassword: 'erin password 123456', newPassword: 'short' }], { cookie: first });
    expect(short.result).toMatchObject({ ok: false, status: 422, errors: [{ path: 'newPassword' }] });
    const changed = await call('changeOwnPasswordAction', [{ currentPassword: 'erin password 123456', newPassword: 'erin new password 1234' }], { cookie: first });
    expect(changed.result).toMatchObject({ ok: true });
    // This browser gets a fresh session; every session of erin's before it ends, the other browser's too.
    const fresh = changed.setCookie!;
    expect(fresh).toMatch(/^pgcascade_session=.+/);
    expect(await status(fresh)).toBe(200);
    expect(await status(first)).toBe(401);
    expect(await status(second)).toBe(401);
    expect(await login('erin', 'erin new password 1234')).toMatch(/^pgcascade_session=/);

    const out = await call('logoutAction', [], { cookie: fresh });
    expect(out.result).toMatchObject({ ok: true });
    expect(out.setCookie).toBe('pgcascade_session=');
    expect(await status(fresh)).toBe(401);
    const audit = await auditRows();
    expect(audit.find((e) => e.action === 'ACTION changeOwnPasswordAction' && e.outcome === 'ok')).toMatchObject({ actor: 'erin', target: 'user:erin password' });
    expect(audit.find((e) => e.action === 'ACTION logoutAction')).toMatchObject({ actor: 'erin', outcome: 'ok' });
    expect(JSON.stringify(audit)).not.toContain('erin new password');
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

  it('manages users, tokens, credentials and host keys through the settings actions, admin only', async () => {
    const created = await call('createUserAction', [{ name: 'carol', role: 'viewer', password: 'carol password 12345' }], as('admin'));
    expect(created.result).toMatchObject({ ok: true, data: { id: expect.any(String), name: 'carol', role: 'viewer' } });
    const carol = (created.result!.data as { id: string }).id;
    expect((await call('createUserAction', [{ name: 'carol', role: 'viewer', password: 'carol password 12345' }], as('admin'))).result).toMatchObject({ ok: false, status: 409, errors: [{ path: 'name' }] });
    expect((await call('createUserAction', [{ name: 'dave', role: 'viewer', password: 'short' }], as('admin'))).result).toMatchObject({ ok: false, status: 422, errors: [{ path: 'password' }] });
    expect((await call('createUserAction', [{ name: 'dave', role: 'admin', password: 'dave password 123456' }], as('operator'))).result).toMatchObject({ ok: false, status: 403 });
    expect((await call('updateUserAction', [carol, { role: 'operator' }], as('admin'))).result).toMatchObject({ ok: true, data: { name: 'carol', role: 'operator' } });
    const users = await api<{ users: Array<{ name: string; role: string }> }>(panel.url, 'GET', '/api/users');
    expect(users.body.users.find((u) => u.name === 'carol')?.role).toBe('operator');
    expect(await login('carol', 'carol password 12345')).toMatch(/^pgcascade_session=/);
    expect((await call('deleteUserAction', [carol], as('admin'))).result).toMatchObject({ ok: true });
    const gone = await fetch(`${panel.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'carol', password: 'carol password 12345' }) });
    expect(gone.status).toBe(401);

    const token = await call('createTokenAction', [{ name: 'ci', role: 'viewer' }], as('admin'));
    expect(token.result).toMatchObject({ ok: true, data: { id: expect.any(String), name: 'ci', role: 'viewer', token: expect.any(String) } });
    const { id: tokenId, token: secret } = token.result!.data as { id: string; token: string };
    const bearer = { authorization: `Bearer ${secret}` };
    expect((await api(panel.url, 'GET', '/api/clusters', undefined, bearer)).status).toBe(200);
    expect((await call('deleteTokenAction', [tokenId], as('admin'))).result).toMatchObject({ ok: true });
    expect((await api(panel.url, 'GET', '/api/clusters', undefined, bearer)).status).toBe(401);
    expect((await call('deleteTokenAction', [tokenId], as('admin'))).result).toMatchObject({ ok: false, status: 404 });

    expect((await call('createCredentialAction', [{ name: 'no secret', user: 'deploy' }], as('admin'))).result).toMatchObject({ ok: false, status: 422, errors: [{ path: 'privateKey' }] });
    const credential = await call('createCredentialAction', [{ name: 'deploy key', user: 'deploy', password: 'a password for ssh' }], as('admin'));
    expect(credential.result).toMatchObject({ ok: true, data: { id: expect.any(String), name: 'deploy key', user: 'deploy' } });
    const credentials = await api<{ credentials: Array<Record<string, unknown>> }>(panel.url, 'GET', '/api/credentials');
    expect(credentials.body.credentials.find((c) => c.name === 'deploy key')).toBeDefined();
    expect(JSON.stringify(credentials.body)).not.toContain('a password for ssh');

    const fingerprint = `SHA256:${'A'.repeat(43)}`;
    const key = { host: '10.99.0.7', port: 2222, fingerprint, keyType: 'ssh-ed25519' };
    expect((await call('acceptHostKeysAction', [key], as('operator'))).result).toMatchObject({ ok: false, status: 403 });
    expect((await call('acceptHostKeysAction', [key], as('admin'))).result).toMatchObject({ ok: true, data: { accepted: [{ host: '10.99.0.7', port: 2222, fingerprint }], skipped: [] } });
    const other = await call('acceptHostKeysAction', [{ ...key, fingerprint: `SHA256:${'B'.repeat(43)}` }], as('admin'));
    expect(other.result).toMatchObject({ ok: false, status: 409, errors: [{ path: 'fingerprint' }] });
    const pinned = await api<{ hostKeys: Array<{ host: string; port: number; fingerprint: string }> }>(panel.url, 'GET', '/api/host-keys');
    expect(pinned.body.hostKeys).toContainEqual(expect.objectContaining({ host: '10.99.0.7', port: 2222, fingerprint }));
    expect((await call('forgetHostKeyAction', ['10.99.0.7', 2222], as('admin'))).result).toMatchObject({ ok: true });
    expect((await api<{ hostKeys: unknown[] }>(panel.url, 'GET', '/api/host-keys')).body.hostKeys).toEqual([]);
    expect((await call('forgetHostKeyAction', ['10.99.0.7', 2222], as('admin'))).result).toMatchObject({ ok: false, status: 404 });

    // Nothing listens there: the scan says so at `host`, as the route does (502).
    const scan = await call('scanHostKeyAction', [{ host: '127.0.0.1', port: CLOSED_PORT }], as('operator'));
    expect(scan.result).toMatchObject({ ok: false, status: 502, errors: [{ path: 'host' }] });

    const audit = await auditRows();
    expect(audit.find((e) => e.action === 'ACTION createUserAction' && e.outcome === 'ok')).toMatchObject({ actor: 'admin', target: 'user:carol', status: 201 });
    expect(audit.find((e) => e.action === 'ACTION deleteTokenAction' && e.outcome === 'ok')).toMatchObject({ actor: 'admin', target: 'token:ci' });
    expect(audit.find((e) => e.action === 'ACTION acceptHostKeysAction' && e.actor === 'operator')).toMatchObject({ outcome: 'denied', status: 403 });
    expect(JSON.stringify(audit)).not.toContain('a password for ssh');
  });

  it('compiles the wizard\'s plan and runbook, and refuses a bad import, through actions', async () => {
    const plan = await call('previewPlanAction', [singleNode(NODE_PORT, 'preview')], as('operator'));
    expect(plan.result).toMatchObject({ ok: true, data: { steps: expect.any(Array) } });
    expect((plan.result!.data as { steps: unknown[] }).steps.length).toBeGreaterThan(0);
    expect((await call('previewPlanAction', [{ ...singleNode(NODE_PORT), nodes: [] }], as('operator'))).result).toMatchObject({ ok: false, status: 422 });
    const runbook = await call('runbookAction', [singleNode(NODE_PORT, 'my runbook')], as('operator'));
    expect(runbook.result).toMatchObject({ ok: true, data: { file: 'my-runbook-runbook.sh' } });
    expect((runbook.result!.data as { script: string }).script).toMatch(/^#!\/usr\/bin\/env bash/);
    // The route's answer to the same topology is the same script.
    const viaRoute = await fetch(`${panel.url}/api/plans/runbook`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: cookies.operator, origin: panel.url }, body: JSON.stringify(singleNode(NODE_PORT, 'my runbook')) });
    expect(await viaRoute.text()).toBe((runbook.result!.data as { script: string }).script);
    const imported = await call('importClusterAction', [{ name: 'adopted', provider: 'local', nodes: [] }], as('operator'));
    expect(imported.result).toMatchObject({ ok: false, status: 422 });
    expect((await api<{ clusters: Array<{ name: string }> }>(panel.url, 'GET', '/api/clusters')).body.clusters.map((c) => c.name)).not.toContain('adopted');
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

    // Notifications: a signed webhook to the receiver above, tested, switched off and removed.
    const badChannel = await call('createNotificationAction', [id, { kind: 'webhook', url: `http://127.0.0.1:${HOOK_PORT}/hook` }], as('operator'));
    expect(badChannel.result).toMatchObject({ ok: false, status: 422, errors: [{ path: 'secret' }] });
    const channel = await call('createNotificationAction', [id, { kind: 'webhook', url: `http://127.0.0.1:${HOOK_PORT}/hook`, secret: 'a webhook secret of 32 characters' }], as('operator'));
    expect(channel.result).toMatchObject({ ok: true, data: { id: expect.any(String), kind: 'webhook', secret: '********', enabled: true } });
    const channelId = (channel.result!.data as { id: string }).id;
    const tested = await call('testNotificationAction', [id, channelId], as('operator'));
    expect(tested.result).toMatchObject({ ok: true, data: { delivered: true, statusCode: 200 } });
    expect(hooks.length).toBe(1);
    expect(JSON.parse(hooks[0]!.body)).toMatchObject({ event: 'test' });
    expect(hooks[0]!.signature).toEqual(expect.any(String));
    expect((await call('updateNotificationAction', [id, channelId, { enabled: false }], as('operator'))).result).toMatchObject({ ok: true, data: { enabled: false } });
    const listed = await api<{ channels: Array<{ id: string; enabled: boolean }>; deliveries: Array<{ channelId: string; status: string }> }>(panel.url, 'GET', `/api/clusters/${id}/notifications`);
    expect(listed.body.channels).toEqual([expect.objectContaining({ id: channelId, enabled: false })]);
    expect(listed.body.deliveries).toContainEqual(expect.objectContaining({ channelId, status: 'delivered' }));
    const unreachable = await call('createNotificationAction', [id, { kind: 'slack', url: `http://127.0.0.1:${CLOSED_PORT}/services/x` }], as('operator'));
    const unreachableId = (unreachable.result!.data as { id: string }).id;
    expect((await call('testNotificationAction', [id, unreachableId], as('operator'))).result).toMatchObject({ ok: false, status: 422, errors: [{ path: 'url' }] });
    for (const c of [channelId, unreachableId]) expect((await call('deleteNotificationAction', [id, c], as('operator'))).result).toMatchObject({ ok: true });
    expect((await call('deleteNotificationAction', [id, channelId], as('operator'))).result).toMatchObject({ ok: false, status: 404 });
    expect((await api<{ channels: unknown[] }>(panel.url, 'GET', `/api/clusters/${id}/notifications`)).body.channels).toEqual([]);

    // This topology defines no backup: the action refuses as the route does, with the same status.
    const backup = await call('backupAction', [id, { type: 'full' }], as('operator'));
    const backupRoute = await api(panel.url, 'POST', `/api/clusters/${id}/backups`, { type: 'full' });
    expect(backup.result).toMatchObject({ ok: false, status: backupRoute.status });
    expect(backupRoute.status).toBe(404);
    const drill = await call('drillAction', [id], as('operator'));
    expect(drill.result).toMatchObject({ ok: false, status: (await api(panel.url, 'POST', `/api/clusters/${id}/drills`, {})).status });

    expect((await call('destroyClusterAction', [id], as('operator'))).result).toMatchObject({ ok: false, status: 403 });
    const destroyed = await call('destroyClusterAction', [id], as('admin'));
    expect(destroyed.result).toMatchObject({ ok: true, data: { jobId: expect.any(String) } });
    expect((await waitForJob(panel.url, (destroyed.result!.data as { jobId: string }).jobId)).status).toBe('succeeded');

    const audit = await auditRows();
    expect(audit.find((e) => e.action === 'ACTION createClusterAction' && e.outcome === 'ok')).toMatchObject({ actor: 'operator', clusterId: id, target: jobId, status: 201 });
    expect(audit.find((e) => e.action === 'ACTION insertTestRowAction' && e.outcome === 'ok')).toMatchObject({ actor: 'operator', clusterId: id, node: 'solo', status: 201 });
    expect(audit.find((e) => e.action === 'ACTION destroyClusterAction' && e.actor === 'operator')).toMatchObject({ outcome: 'denied', clusterId: id });
    expect(audit.find((e) => e.action === 'ACTION destroyClusterAction' && e.actor === 'admin')).toMatchObject({ outcome: 'ok', clusterId: id, status: 202 });
    expect(audit.find((e) => e.action === 'ACTION createNotificationAction' && e.outcome === 'ok')).toMatchObject({ actor: 'operator', clusterId: id, status: 201 });
    expect(audit.find((e) => e.action === 'ACTION backupAction')).toMatchObject({ actor: 'operator', clusterId: id, status: 404 });
    expect(JSON.stringify(audit)).not.toContain('a webhook secret of 32 characters');
  });
});
