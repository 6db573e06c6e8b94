import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from './helpers/api';
import { rawHttp, streamHugeBody } from './helpers/raw-http';
import { freshDataDir, groupRss, startPanel, TEST_TOKEN, type PanelServer } from './helpers/server';

type Access = 'public' | 'viewer' | 'operator' | 'admin';
const RANK: Record<Access, number> = { public: -1, viewer: 0, operator: 1, admin: 2 };

/**
 * Who may call what: every route under app/ must be listed here (the test finds them on disk, so a new route
 * that is not listed fails it), keyed by method and file-system path.
 */
const EXPECTED: Record<string, Access> = {
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'POST /api/auth/setup': 'public',
  'GET /api/auth/status': 'public',
  'POST /api/auth/password': 'viewer',
  'GET /api/audit': 'admin',
  'GET /api/clusters': 'viewer',
  'POST /api/clusters': 'operator',
  'POST /api/clusters/import': 'operator',
  'GET /api/clusters/[id]': 'viewer',
  'DELETE /api/clusters/[id]': 'admin',
  'POST /api/clusters/[id]/apply': 'operator',
  'GET /api/clusters/[id]/backups': 'viewer',
  'POST /api/clusters/[id]/backups': 'operator',
  'GET /api/clusters/[id]/backups/health': 'viewer',
  'GET /api/clusters/[id]/copy-progress': 'viewer',
  'GET /api/clusters/[id]/diagnoses': 'viewer',
  'GET /api/clusters/[id]/drills': 'viewer',
  'POST /api/clusters/[id]/drills': 'operator',
  'GET /api/clusters/[id]/drift': 'viewer',
  'POST /api/clusters/[id]/drift': 'operator',
  'POST /api/clusters/[id]/failover': 'operator',
  'GET /api/clusters/[id]/metrics': 'viewer',
  'GET /api/clusters/[id]/monitoring': 'viewer',
  'PUT /api/clusters/[id]/monitoring': 'operator',
  'POST /api/clusters/[id]/plan': 'operator',
  'GET /api/clusters/[id]/rebuild': 'viewer',
  'POST /api/clusters/[id]/rebuild': 'operator',
  'POST /api/clusters/[id]/restore': 'operator',
  'POST /api/clusters/[id]/schema-change': 'operator',
  'GET /api/clusters/[id]/reconcile': 'operator',
  'POST /api/clusters/[id]/reconcile': 'operator',
  'GET /api/clusters/[id]/rows': 'viewer',
  'GET /api/clusters/[id]/sequences': 'viewer',
  'POST /api/clusters/[id]/sequences': 'operator',
  'GET /api/clusters/[id]/status': 'viewer',
  'POST /api/clusters/[id]/subscription-actions': 'operator',
  'POST /api/clusters/[id]/switchover': 'operator',
  'POST /api/clusters/[id]/test-rows': 'operator',
  'GET /api/credentials': 'operator',
  'POST /api/credentials': 'admin',
  'DELETE /api/credentials/[id]': 'admin',
  'GET /api/host-keys': 'operator',
  'POST /api/host-keys': 'admin',
  'DELETE /api/host-keys': 'admin',
  'POST /api/host-keys/scan': 'operator',
  'GET /api/clusters/[id]/notifications': 'operator',
  'POST /api/clusters/[id]/notifications': 'operator',
  'PATCH /api/clusters/[id]/notifications/[channelId]': 'operator',
  'DELETE /api/clusters/[id]/notifications/[channelId]': 'operator',
  'POST /api/clusters/[id]/notifications/[channelId]/test': 'operator',
  'GET /metrics': 'viewer',
  'GET /api/jobs/[id]': 'viewer',
  'POST /api/jobs/[id]/cancel': 'operator',
  'GET /api/jobs/[id]/log': 'viewer',
  'POST /api/jobs/[id]/retry': 'operator',
  'POST /api/plans': 'operator',
  'POST /api/plans/runbook': 'operator',
  'GET /api/tokens': 'admin',
  'POST /api/tokens': 'admin',
  'DELETE /api/tokens/[id]': 'admin',
  'GET /api/users': 'admin',
  'POST /api/users': 'admin',
  'PATCH /api/users/[id]': 'admin',
  'DELETE /api/users/[id]': 'admin',
  // Pages: the browser needs a session (any role); what a page shows comes from the API above.
  'GET /': 'viewer',
  'GET /login': 'public',
  'GET /clusters/new': 'viewer',
  'GET /clusters/import': 'viewer',
  'GET /clusters/[id]': 'viewer',
  'GET /clusters/[id]/dashboard': 'viewer',
  'GET /jobs/[id]': 'viewer',
  'GET /settings': 'viewer',
};

/** Every route handler and page under app/, as `METHOD /path/[param]`. */
function discoverRoutes(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry === 'route.ts' || entry === 'page.tsx') {
        const urlPath = `/${path.relative('app', dir).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s)).join('/')}`;
        if (entry === 'page.tsx') found.push(`GET ${urlPath}`);
        // Server actions (actions.ts) are walked with every role by actions.test.ts, from the build's manifest.
        else for (const m of readFileSync(full, 'utf8').matchAll(/export const (GET|POST|PUT|PATCH|DELETE) =/g)) found.push(`${m[1]} ${urlPath}`);
      }
    }
  };
  walk('app');
  return found.sort();
}

const SECRETS = {
  operatorPassword: 'operator password 1',
  newOperatorPassword: 'operator password 2 new',
  viewerPassword: 'viewer password 22',
  adminPassword: 'admin password 333',
  wrongPassword: 'wrong-guess-4444',
  sshPassword: 'ssh-password-5555',
  sudoPassword: 'sudo-password-6666',
  privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nsecretkeymaterial7777\n-----END OPENSSH PRIVATE KEY-----',
};

describe('security: the panel refuses what does not belong', () => {
  const dataDir = freshDataDir();
  let panel: PanelServer;
  let setupToken = '';
  const cookies: Partial<Record<Access, string>> = {};
  const tokens: string[] = [TEST_TOKEN];
  const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    panel = await startPanel(3150, dataDir);
  });
  afterAll(async () => {
    await panel?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a Host the panel does not answer to (DNS rebinding), on the API and on pages', async () => {
    const api = await rawHttp(`${panel.url}/api/auth/status`, { headers: { host: 'evil.example' } });
    expect(api.status).toBe(421);
    expect(api.body).toMatch(/PGCASCADE_ALLOWED_HOSTS/);
    const setup = await rawHttp(`${panel.url}/api/auth/setup`, { method: 'POST', headers: { host: 'evil.example:3150', origin: 'http://evil.example:3150', 'content-type': 'application/json' }, body: '{}' });
    expect(setup.status).toBe(421);
    expect((await rawHttp(`${panel.url}/login`, { headers: { host: 'evil.example' } })).status).toBe(421);
    expect((await rawHttp(`${panel.url}/api/clusters`, { headers: { host: 'evil.example', authorization: `Bearer ${TEST_TOKEN}` } })).status).toBe(421);
    expect((await rawHttp(`${panel.url}/api/auth/status`, { headers: { host: 'localhost:3150' } })).status).toBe(200);
  });

  it('prints a one-time setup token (file mode 0600) and refuses setup without it, with a wrong one, or as text/plain', async () => {
    const file = path.join(dataDir, 'setup-token');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    setupToken = readFileSync(file, 'utf8').trim();
    expect(setupToken.length).toBeGreaterThanOrEqual(20);
    expect(panel.logs()).toContain(setupToken);
    const url = `${panel.url}/api/auth/setup`;
    // What any web page can send without a preflight: a text/plain body.
    const textPlain = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ setupToken, password: SECRETS.adminPassword }) });
    expect(textPlain.status).toBe(415);
    const form = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `password=${SECRETS.adminPassword}` });
    expect(form.status).toBe(415);
    expect((await fetch(url, json({ password: SECRETS.adminPassword }))).status).toBe(422);
    const wrong = await fetch(url, json({ setupToken: 'not-the-token', password: SECRETS.adminPassword }));
    expect(wrong.status).toBe(403);
    // A page of another site, even with the right token, is refused.
    expect((await fetch(url, json({ setupToken, password: SECRETS.adminPassword }, { origin: 'http://evil.example' }))).status).toBe(403);
    expect((await fetch(url, json({ setupToken, password: SECRETS.adminPassword }, { origin: 'http://127.0.0.1:8080' }))).status).toBe(403);
    expect((await api(panel.url, 'GET', '/api/users')).body).toEqual({ users: [] });

    const ok = await fetch(url, json({ setupToken, password: SECRETS.adminPassword }, { origin: panel.url }));
    expect(ok.status).toBe(201);
    cookies.admin = (ok.headers.get('set-cookie') ?? '').split(';')[0];
    expect((await fetch(url, json({ setupToken, password: 'another admin pw!' }))).status).toBe(409);
  });

  it('refuses a 50 MB chunked body with 413 without holding it in memory', async () => {
    const before = groupRss(panel.pid);
    const results = [];
    // Unauthenticated (the login) and authenticated (a plan preview), several times: growth would add up.
    for (let i = 0; i < 3; i++) {
      results.push(await streamHugeBody(`${panel.url}/api/auth/login`, 50 * 1024 * 1024, {}));
      results.push(await streamHugeBody(`${panel.url}/api/plans`, 50 * 1024 * 1024, { authorization: `Bearer ${TEST_TOKEN}` }));
    }
    const after = groupRss(panel.pid);
    console.log(`security: server RSS ${(before / 1048576).toFixed(0)} MB before six 50 MB bodies, ${(after / 1048576).toFixed(0)} MB after`);
    expect(results.map((r) => r.status)).toEqual([413, 413, 413, 413, 413, 413]);
    // Refused at the limit: nowhere near the 50 MB each body would be.
    expect(Math.max(...results.map((r) => r.written))).toBeLessThan(50 * 1024 * 1024);
    expect(after - before).toBeLessThan(40 * 1024 * 1024);
    const declared = await rawHttp(`${panel.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) } });
    expect(declared.status).toBe(413);
  });

  it('gives each user their own password and role, and each token its role', async () => {
    const admin = { cookie: cookies.admin! };
    for (const [name, role, password] of [
      ['olga', 'operator', SECRETS.operatorPassword],
      ['vera', 'viewer', SECRETS.viewerPassword],
    ] as const) {
      expect((await api(panel.url, 'POST', '/api/users', { name, role, password }, admin)).status).toBe(201);
      const login = await fetch(`${panel.url}/api/auth/login`, json({ username: name, password }));
      expect(login.status).toBe(200);
      cookies[role] = (login.headers.get('set-cookie') ?? '').split(';')[0];
    }
    expect((await fetch(`${panel.url}/api/auth/login`, json({ username: 'vera', password: SECRETS.operatorPassword }))).status).toBe(401);
    expect((await api(panel.url, 'POST', '/api/users', { name: 'short', role: 'viewer', password: 'elevenchars' }, admin)).status).toBe(422);
    const viewerToken = await api<{ token: string; role: string }>(panel.url, 'POST', '/api/tokens', { name: 'grafana', role: 'viewer', expiresInDays: 30 });
    expect(viewerToken.body.role).toBe('viewer');
    tokens.push(viewerToken.body.token);
    const bearer = { authorization: `Bearer ${viewerToken.body.token}` };
    expect((await api(panel.url, 'GET', '/api/clusters', undefined, bearer)).status).toBe(200);
    expect((await api(panel.url, 'POST', '/api/plans', {}, bearer)).status).toBe(403);
    const listed = await api<{ tokens: Array<{ name: string; role: string; expiresAt: string | null }> }>(panel.url, 'GET', '/api/tokens');
    expect(listed.body.tokens.find((t) => t.name === 'grafana')).toMatchObject({ role: 'viewer', expiresAt: expect.any(String) });
  });

  it('walks every route under app/ with every role', async () => {
    const routes = discoverRoutes();
    expect(routes.filter((r) => !(r in EXPECTED)), 'routes on disk that the table does not list').toEqual([]);
    expect(Object.keys(EXPECTED).filter((r) => !routes.includes(r)), 'routes in the table that are gone').toEqual([]);
    const wrong: string[] = [];
    for (const r of routes) {
      const [method, pattern] = r.split(' ') as [string, string];
      const need = EXPECTED[r]!;
      const url = `${panel.url}${pattern.replace(/\[[^\]]+\]/g, 'no-such-id')}`;
      // /metrics is a route handler outside /api (Prometheus' usual path): it answers 401 itself, like the API.
      const isPage = !pattern.startsWith('/api/') && pattern !== '/metrics';
      // Logging out would end the session under test; public routes are called without one.
      const callers: Array<Access | 'anonymous'> = need === 'public' ? ['anonymous'] : ['anonymous', 'viewer', 'operator', 'admin'];
      for (const who of callers) {
        const headers: Record<string, string> = who === 'anonymous' ? {} : { cookie: cookies[who]! };
        const hasBody = method !== 'GET' && method !== 'DELETE';
        const res = await fetch(url, { method, redirect: 'manual', headers: { ...headers, ...(hasBody ? { 'content-type': 'application/json' } : {}) }, body: hasBody ? '{}' : undefined });
        await res.arrayBuffer();
        let want: string;
        if (need === 'public') want = 'not 401/403';
        else if (who === 'anonymous') want = isPage ? '307' : '401';
        else want = RANK[who] >= RANK[need] ? 'not 401/403' : '403';
        const ok = want === 'not 401/403' ? ![401, 403, 307].includes(res.status) && res.status < 500 : String(res.status) === want;
        if (!ok) wrong.push(`${r} as ${who}: ${res.status}, wanted ${want}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('ends a user’s sessions when the password changes or the user is removed', async () => {
    const users = (await api<{ users: Array<{ id: string; name: string }> }>(panel.url, 'GET', '/api/users')).body.users;
    const vera = users.find((u) => u.name === 'vera')!;
    const olga = users.find((u) => u.name === 'olga')!;
    const as = (cookie: string) => ({ cookie });
    expect((await api(panel.url, 'GET', '/api/clusters', undefined, as(cookies.viewer!))).status).toBe(200);
    expect((await api(panel.url, 'PATCH', `/api/users/${vera.id}`, { password: `${SECRETS.viewerPassword}-new` })).status).toBe(200);
    expect((await api(panel.url, 'GET', '/api/clusters', undefined, as(cookies.viewer!))).status).toBe(401);
    // Changing one's own password needs the current one, ends the other sessions and keeps this one (a new cookie).
    const again = await fetch(`${panel.url}/api/auth/login`, json({ username: 'olga', password: SECRETS.operatorPassword }));
    const other = (again.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect((await api(panel.url, 'POST', '/api/auth/password', { currentPassword: 'not it at all', newPassword: SECRETS.newOperatorPassword }, as(cookies.operator!))).status).toBe(422);
    const changed = await fetch(`${panel.url}/api/auth/password`, json({ currentPassword: SECRETS.operatorPassword, newPassword: SECRETS.newOperatorPassword }, { cookie: cookies.operator! }));
    expect(changed.status).toBe(200);
    cookies.operator = (changed.headers.get('set-cookie') ?? '').split(';')[0];
    expect((await api(panel.url, 'GET', '/api/clusters', undefined, as(other))).status).toBe(401);
    expect((await api(panel.url, 'GET', '/api/clusters', undefined, as(cookies.operator!))).status).toBe(200);
    expect((await api(panel.url, 'DELETE', `/api/users/${olga.id}`)).status).toBe(200);
    expect((await api(panel.url, 'GET', '/api/clusters', undefined, as(cookies.operator!))).status).toBe(401);
  });

  it('writes one audit row per kind of change, with who, from where and the outcome, and never a secret', async () => {
    // Credentials and tokens hold secrets: make and remove some so their rows exist.
    const cred = await api<{ id: string }>(panel.url, 'POST', '/api/credentials', { name: 'deploy-key', user: 'deploy', privateKey: SECRETS.privateKey, password: SECRETS.sshPassword, sudoPassword: SECRETS.sudoPassword });
    expect(cred.status).toBe(201);
    expect((await api(panel.url, 'DELETE', `/api/credentials/${cred.body.id}`)).status).toBe(200);
    const t = await api<{ id: string; token: string }>(panel.url, 'POST', '/api/tokens', { name: 'short-lived', role: 'operator' });
    tokens.push(t.body.token);
    expect((await api(panel.url, 'DELETE', `/api/tokens/${t.body.id}`)).status).toBe(200);
    // A client that claims another address is recorded with the address it really has.
    expect((await fetch(`${panel.url}/api/auth/login`, json({ username: 'admin', password: SECRETS.wrongPassword }, { 'x-forwarded-for': '198.51.100.7' }))).status).toBe(401);

    const entries: Array<Record<string, unknown>> = [];
    for (let before: number | undefined; ; ) {
      const page = await api<{ entries: Array<Record<string, unknown> & { id: number }> }>(panel.url, 'GET', `/api/audit?limit=1000${before ? `&before=${before}` : ''}`);
      expect(page.status).toBe(200);
      entries.push(...page.body.entries);
      if (page.body.entries.length < 1000) break;
      before = page.body.entries.at(-1)!.id;
    }
    const has = (action: string, outcome: string, actor?: string) => entries.some((e) => e.action === action && e.outcome === outcome && (!actor || e.actor === actor));
    const kinds: Array<[string, string, string?]> = [
      ['POST /api/auth/setup', 'ok', 'admin'],
      ['POST /api/auth/setup', 'denied'],
      ['POST /api/auth/login', 'ok', 'vera'],
      ['POST /api/auth/login', 'denied', 'vera'],
      ['POST /api/users', 'ok', 'admin'],
      ['POST /api/auth/password', 'ok', 'olga'],
      ['POST /api/auth/password', 'refused', 'olga'],
      ['PATCH /api/users/:id', 'ok'],
      ['DELETE /api/users/:id', 'ok'],
      ['POST /api/tokens', 'ok'],
      ['DELETE /api/tokens/:id', 'ok'],
      ['POST /api/credentials', 'ok'],
      ['DELETE /api/credentials/:id', 'ok'],
      ['POST /api/clusters', 'refused', 'olga'],
      ['POST /api/clusters', 'denied', 'vera'],
      ['POST /api/clusters/:id/apply', 'refused', 'olga'],
      ['DELETE /api/clusters/:id', 'denied', 'olga'],
      ['DELETE /api/clusters/:id', 'refused', 'admin'],
      ['POST /api/clusters/:id/failover', 'refused', 'olga'],
      ['POST /api/clusters/:id/switchover', 'refused', 'olga'],
      ['POST /api/clusters/:id/reconcile', 'refused', 'olga'],
      ['DELETE /api/host-keys', 'refused', 'admin'],
      ['POST /api/plans', 'denied', 'token:grafana'],
    ];
    expect(kinds.filter(([a, o, who]) => !has(a, o, who)).map((k) => k.join(' '))).toEqual([]);
    const apply = entries.find((e) => e.action === 'POST /api/clusters/:id/apply' && e.actor === 'olga')!;
    expect(apply).toMatchObject({ actorKind: 'user', clusterId: 'no-such-id', clientAddress: '127.0.0.1', outcome: 'refused', status: 422 });
    expect(entries.find((e) => e.action === 'POST /api/plans' && e.actor === 'token:grafana')).toMatchObject({ actorKind: 'token' });
    expect(entries.some((e) => e.clientAddress === '198.51.100.7')).toBe(false);
    expect(entries.every((e) => typeof e.at === 'string' && e.clientAddress === '127.0.0.1')).toBe(true);

    const dump = JSON.stringify(entries);
    const secrets = [...Object.values(SECRETS), `${SECRETS.viewerPassword}-new`, setupToken, ...tokens, 'secretkeymaterial7777'];
    expect(secrets.filter((s) => dump.includes(s))).toEqual([]);
    // Filters work, and only an admin reads the trail.
    const denied = await api<{ entries: Array<{ outcome: string }> }>(panel.url, 'GET', '/api/audit?outcome=denied&actor=vera');
    expect(denied.body.entries.length).toBeGreaterThan(0);
    expect(denied.body.entries.every((e) => e.outcome === 'denied')).toBe(true);
  });

  it('ends 100 wrong logins in 429s with Retry-After, whatever address the client claims', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${panel.url}/api/auth/login`, json({ username: 'admin', password: `${SECRETS.wrongPassword}${i}` }, { 'x-forwarded-for': `203.0.113.${i}` }));
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
      await res.arrayBuffer();
    }
    console.log(`security: 100 wrong logins → ${statuses.filter((s) => s === 401).length} × 401, ${statuses.filter((s) => s === 429).length} × 429`);
    // Five free failures (some were spent above), then a wait that doubles: 1 s, 2 s, 4 s … lets through only a few more.
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(8);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(90);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});

describe('security: PGCASCADE_ADMIN_PASSWORD must be long enough', () => {
  it('refuses to start with a short one, saying why', async () => {
    const dataDir = freshDataDir();
    try {
      await expect(startPanel(3151, dataDir, { PGCASCADE_ADMIN_PASSWORD: 'short-pw' })).rejects.toThrow(/PGCASCADE_ADMIN_PASSWORD is 8 characters long: use at least 12/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
