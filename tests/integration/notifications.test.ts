import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from './helpers/api';
import { applyLocalCluster, removePanel } from './helpers/local-cluster';
import { poll } from './helpers/poll';
import { startAlertmanager, type Daemon } from './helpers/prometheus';
import { pgCtl } from './helpers/psql';
import { startReceiver } from './helpers/receiver';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';
import { singleNode } from './helpers/topologies';

const PANEL_PORT = 3171;
const NODE_PORT = 55771;
const ALERTMANAGER_PORT = 9373;
const SECRET = 'receiver-shared-secret-0123456789';

/** A loopback port nothing listens on (taken from the kernel, then let go). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Issue {
  path: string;
  message: string;
}
interface Channel {
  id: string;
  kind: string;
  url: string;
  secret: string | null;
}
interface Delivery {
  channelId: string;
  event: string;
  alertKey: string | null;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  log: Array<{ attempt: number; at: string; statusCode: number | null; error: string | null }>;
}
interface AmAlert {
  labels: Record<string, string>;
  status: { state: string };
}

describe('alert notifications', () => {
  const dataDir = freshDataDir();
  const env = { PGCASCADE_NOTIFY_RETRY_MS: '300' };
  let panel: PanelServer | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
  let alertmanager: Daemon | undefined;
  let clusterId = '';
  let root = '';
  const base = () => `/api/clusters/${clusterId}/notifications`;
  const create = (body: unknown) => api<Channel & { errors?: Issue[] }>(panel!.url, 'POST', base(), body);
  const sendTest = (id: string) => api<{ delivered?: boolean; errors?: Issue[] }>(panel!.url, 'POST', `${base()}/${id}/test`);
  const log = async () => (await api<{ channels: Channel[]; deliveries: Delivery[] }>(panel!.url, 'GET', base())).body;
  const webhookEvents = (event: string) =>
    receiver!.accepted.filter((r) => r.path === '/hook' && (JSON.parse(r.body) as { event: string }).event === event);

  beforeAll(async () => {
    receiver = await startReceiver(SECRET);
    alertmanager = await startAlertmanager(ALERTMANAGER_PORT);
    panel = await startPanel(PANEL_PORT, dataDir, env);
    ({ id: clusterId, root } = await applyLocalCluster(panel, singleNode(NODE_PORT, 'notify')));
  });
  afterAll(async () => {
    await receiver?.close();
    await alertmanager?.stop();
    await removePanel(panel, dataDir);
  });

  it('refuses a bad URL, a missing secret and a secret that would not be used, each at its field', async () => {
    const bad = await create({ kind: 'webhook', url: 'hooks.example.com/x', secret: SECRET });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([{ path: 'url', message: expect.stringContaining('not a URL') }]);
    const noSecret = await create({ kind: 'webhook', url: receiver!.url('/hook') });
    expect(noSecret.status).toBe(422);
    expect(noSecret.body.errors).toEqual([{ path: 'secret', message: expect.stringContaining('needs a secret') }]);
    const unused = await create({ kind: 'slack', url: receiver!.url('/slack'), secret: SECRET });
    expect(unused.body.errors?.map((e) => e.path)).toEqual(['secret']);
  });

  it('sends a signed test that the receiver verifies; a wrong secret and an unreachable receiver are errors at the URL', async () => {
    const good = await create({ kind: 'webhook', url: receiver!.url('/hook'), secret: SECRET });
    expect(good.status).toBe(201);
    expect(good.body.secret).toBe('********');
    const test = await sendTest(good.body.id);
    expect(test.status).toBe(200);
    const [received] = webhookEvents('test');
    expect(received?.verified).toBe(true);
    expect(received?.headers['x-pgcascade-delivery']).toMatch(new RegExp(`^${good.body.id}:test:`));

    const wrong = await create({ kind: 'webhook', url: receiver!.url('/hook'), secret: 'not-the-receivers-secret' });
    const refused = await sendTest(wrong.body.id);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ path: 'url', message: expect.stringContaining('answered HTTP 401: signature does not match') }]);
    expect(receiver!.rejected).toHaveLength(1);
    await api(panel!.url, 'DELETE', `${base()}/${wrong.body.id}`);

    const closed = await closedPort();
    const nowhere = await create({ kind: 'slack', url: `http://127.0.0.1:${closed}/services/T000/B000/XXXXXXXX` });
    expect(nowhere.body.url).toBe(`http://127.0.0.1:${closed}/********`);
    const unreachable = await sendTest(nowhere.body.id);
    expect(unreachable.status).toBe(422);
    expect(unreachable.body.errors).toEqual([{ path: 'url', message: `could not reach 127.0.0.1:${closed}: ECONNREFUSED` }]);
    await api(panel!.url, 'DELETE', `${base()}/${nowhere.body.id}`);

    const list = await log();
    expect(list.deliveries.filter((d) => d.event === 'test').map((d) => [d.status, d.log[0]?.statusCode ?? null])).toEqual([['delivered', 200]]);
    expect(JSON.stringify(list)).not.toContain(SECRET);
  });

  it('delivers each alert event exactly once: retried while the receiver is down, kept across a panel restart', async () => {
    const slack = await create({ kind: 'slack', url: receiver!.url('/slack') });
    expect(slack.status).toBe(201);
    await receiver!.down();
    pgCtl(root, 'solo', 'stop');
    // Attempts fail while the receiver is down: the log says so, with no status code.
    const failing = await poll(
      log,
      (v) => v.deliveries.some((d) => d.event === 'open' && d.status === 'pending' && d.attempts >= 2),
      30_000,
      'failed attempts of the open event',
    );
    const open = failing.deliveries.find((d) => d.event === 'open' && d.attempts >= 2)!;
    expect(open.alertKey).toBe('node-down:solo');
    expect(open.log[0]).toMatchObject({ attempt: 1, statusCode: null, error: expect.stringContaining('ECONNREFUSED') });

    // The panel goes away with the deliveries still pending; they are rows in the state DB, not memory.
    await panel!.kill();
    await receiver!.up();
    panel = await startPanel(PANEL_PORT, dataDir, env);
    await poll(async () => webhookEvents('open').length, (n) => n >= 1, 30_000, 'the open event at the receiver');

    pgCtl(root, 'solo', 'start');
    await poll(async () => webhookEvents('resolved').length, (n) => n >= 1, 30_000, 'the resolved event at the receiver');
    await poll(
      log,
      (v) => v.deliveries.filter((d) => d.event !== 'test').every((d) => d.status === 'delivered'),
      15_000,
      'every delivery done',
    );
    // Long enough for any duplicate to have arrived (retries run every 300 ms here).
    await new Promise((r) => setTimeout(r, 3000));

    for (const event of ['open', 'resolved']) {
      const got = webhookEvents(event);
      expect(got, event).toHaveLength(1);
      expect(got[0]!.verified).toBe(true);
      expect(JSON.parse(got[0]!.body)).toMatchObject({ event, alert: { key: 'node-down:solo', severity: 'critical' } });
    }
    const slackTexts = receiver!.accepted.filter((r) => r.path === '/slack').map((r) => (JSON.parse(r.body) as { text: string }).text);
    expect(slackTexts.filter((t) => t.includes('solo is down') && !t.includes('Resolved'))).toHaveLength(1);
    expect(slackTexts.filter((t) => t.includes('*Resolved*'))).toHaveLength(1);

    const done = await log();
    const webhookOpen = done.deliveries.find((d) => d.event === 'open' && d.channelId !== slack.body.id)!;
    expect(webhookOpen.attempts).toBeGreaterThanOrEqual(3);
    expect(webhookOpen.log.at(-1)).toMatchObject({ statusCode: 200, error: null });
    expect(JSON.stringify(done)).not.toContain(SECRET);
  });

  it('opens the alert in a real Alertmanager, then resolves it', async () => {
    const am = await create({ kind: 'alertmanager', url: alertmanager!.url });
    expect(am.status).toBe(201);
    expect((await sendTest(am.body.id)).status).toBe(200);
    const amAlerts = async () => {
      const res = await fetch(`${alertmanager!.url}/api/v2/alerts?filter=${encodeURIComponent(`cluster_id="${clusterId}"`)}`);
      return ((await res.json()) as AmAlert[]).filter((a) => a.labels.alertname === 'PgcascadeNodeDown');
    };
    pgCtl(root, 'solo', 'stop');
    const firing = await poll(amAlerts, (v) => v.length === 1, 20_000, 'the open alert in Alertmanager');
    expect(firing[0]!.status.state).toBe('active');
    expect(firing[0]!.labels).toMatchObject({ alert_key: 'node-down:solo', severity: 'critical', cluster: 'notify' });
    pgCtl(root, 'solo', 'start');
    // Alertmanager lists only alerts that have not ended: resolved, it is gone.
    await poll(amAlerts, (v) => v.length === 0, 30_000, 'the alert resolved in Alertmanager');
    const deliveries = (await log()).deliveries.filter((d) => d.channelId === am.body.id);
    expect(deliveries.map((d) => [d.event, d.status, d.lastStatusCode]).sort()).toEqual([
      ['open', 'delivered', 200],
      ['resolved', 'delivered', 200],
      ['test', 'delivered', 200],
    ]);
  });
});
