import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
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

  it('creates the first admin on the first visit with the setup token, then logs in and out with an http-only cookie', async () => {
    expect(await (await raw('/api/auth/status')).json()).toEqual({ setupRequired: true, authenticated: false, user: null });
    const setupToken = readFileSync(path.join(dataDir, 'setup-token'), 'utf8').trim();
    const post = (url: string, body: unknown, headers: Record<string, string> = {}) => raw(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const short = await post('/api/auth/setup', { setupToken, password: 'short' });
    expect(short.status).toBe(422);
    const setup = await post('/api/auth/setup', { setupToken, password: 'a long admin password' });
    expect(setup.status).toBe(201);
    const cookie = setup.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^pgcascade_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
    const session = cookie.split(';')[0]!;
    expect((await raw('/api/clusters', { headers: { cookie: session } })).status).toBe(200);
    expect((await post('/api/auth/setup', { setupToken, password: 'another long password' })).status).toBe(409);
    // Used up: the token file is gone.
    expect(existsSync(path.join(dataDir, 'setup-token'))).toBe(false);

    // A write from another site with the session cookie is refused.
    const crossSite = await raw('/api/plans', { method: 'POST', headers: { cookie: session, origin: 'http://evil.example', 'content-type': 'application/json' }, body: '{}' });
    expect(crossSite.status).toBe(403);

    expect((await post('/api/auth/login', { password: 'wrong password!' })).status).toBe(401);
    const login = await post('/api/auth/login', { password: 'a long admin password' });
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
