import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from './helpers/api';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';

describe('the panel requires a login or a token', () => {
  const dataDir = freshDataDir();
  let panel: PanelServer;
  const raw = (path: string, init: RequestInit = {}) => fetch(`${panel.url}${path}`, { redirect: 'manual', ...init });

  beforeAll(async () => {
    panel = await startPanel(3105, dataDir);
  });
  afterAll(async () => {
    await panel?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses the API without a session or a valid token', async () => {
    expect((await raw('/api/clusters')).status).toBe(401);
    expect((await api(panel.url, 'GET', '/api/clusters', undefined, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await api(panel.url, 'GET', '/api/clusters')).status).toBe(200);
    const page = await raw('/clusters/new');
    expect(page.status).toBe(307);
    expect(page.headers.get('location')).toContain('/login?next=%2Fclusters%2Fnew');
  });

  it('creates the admin password on the first visit, then logs in and out with an http-only cookie', async () => {
    expect(await (await raw('/api/auth/status')).json()).toEqual({ setupRequired: true, authenticated: false });
    const short = await raw('/api/auth/setup', { method: 'POST', body: JSON.stringify({ password: 'short' }) });
    expect(short.status).toBe(422);
    const setup = await raw('/api/auth/setup', { method: 'POST', body: JSON.stringify({ password: 'a long admin password' }) });
    expect(setup.status).toBe(201);
    const cookie = setup.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^pgcascade_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
    const session = cookie.split(';')[0]!;
    expect((await raw('/api/clusters', { headers: { cookie: session } })).status).toBe(200);
    expect((await raw('/api/auth/setup', { method: 'POST', body: JSON.stringify({ password: 'another long password' }) })).status).toBe(409);

    // A write from another site with the session cookie is refused.
    const crossSite = await raw('/api/plans', { method: 'POST', headers: { cookie: session, origin: 'http://evil.example', 'content-type': 'application/json' }, body: '{}' });
    expect(crossSite.status).toBe(403);

    expect((await raw('/api/auth/login', { method: 'POST', body: JSON.stringify({ password: 'wrong password!' }) })).status).toBe(401);
    const login = await raw('/api/auth/login', { method: 'POST', body: JSON.stringify({ password: 'a long admin password' }) });
    expect(login.status).toBe(200);
    await raw('/api/auth/logout', { method: 'POST', headers: { cookie: session } });
    expect((await raw('/api/clusters', { headers: { cookie: session } })).status).toBe(401);
  });

  it('makes API tokens that work once created and stop when deleted, stored only as hashes', async () => {
    const created = await api<{ id: string; token: string }>(panel.url, 'POST', '/api/tokens', { name: 'ci' });
    expect(created.status).toBe(201);
    const bearer = { authorization: `Bearer ${created.body.token}` };
    expect((await api(panel.url, 'GET', '/api/clusters', undefined, bearer)).status).toBe(200);
    const list = await api<{ tokens: Array<Record<string, unknown>> }>(panel.url, 'GET', '/api/tokens');
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    expect((await api(panel.url, 'DELETE', `/api/tokens/${created.body.id}`)).status).toBe(200);
    expect((await api(panel.url, 'GET', '/api/clusters', undefined, bearer)).status).toBe(401);
  });
});
