import { createServer, type AddressInfo, type Server } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { expect, test } from '@playwright/test';
import { verifyWebhook } from '../lib/notify/signature';
import { login } from './helpers/auth';
import { createCluster, destroyClusters, waitForJob } from './helpers/api';
import { NODE_PORTS } from './helpers/env';

const PREFIX = 'e2e-notifications-';
const SECRET = 'e2e-webhook-secret-0123456789';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const s: Server = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

test.afterEach(async () => {
  await destroyClusters(PREFIX);
});

test('notifications card: field errors, a signed test delivered, an unreachable receiver at its URL, the log', async ({ page }) => {
  test.setTimeout(240_000);
  // The receiver verifies what it gets, as a user's would.
  const verified: boolean[] = [];
  const receiver = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const v = verifyWebhook({
        secret: SECRET,
        body,
        timestamp: req.headers['x-pgcascade-timestamp'] as string | undefined,
        signature: req.headers['x-pgcascade-signature'] as string | undefined,
      });
      verified.push(v.ok);
      res.writeHead(v.ok ? 200 : 401).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  try {
    const name = `${PREFIX}${Date.now()}`;
    const { id, jobId } = await createCluster({
      name,
      provider: 'local',
      postgresVersion: 15,
      database: 'app',
      tables: [{ name: 't', columns: [{ name: 'id', type: 'serial', primaryKey: true }] }],
      nodes: [{ name: 'solo', port: NODE_PORTS.notifications[0] }],
    });
    expect(await waitForJob(jobId, 120_000)).toBe('succeeded');
    await login(page);
    await page.goto(`/clusters/${id}`);
    const card = page.getByTestId('notifications');
    await expect(card.getByText('No channel yet')).toBeVisible();
    const form = card.getByRole('form', { name: 'Add a notification channel' });

    // A webhook without its secret, then a URL that is not one: each error at its own field.
    await form.getByLabel('URL').fill(hook);
    await form.getByRole('button', { name: 'Add channel' }).click();
    await expect(form.getByLabel('Signing secret')).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByLabel('Signing secret')).toHaveAccessibleDescription(/needs a secret/);
    await form.getByLabel('Signing secret').fill(SECRET);
    await form.getByLabel('URL').fill('hooks.example.com/x');
    await form.getByRole('button', { name: 'Add channel' }).click();
    await expect(form.getByLabel('URL')).toHaveAccessibleDescription(/not a URL/);

    await form.getByLabel('URL').fill(hook);
    await form.getByLabel('Name (optional)').fill('on-call hook');
    await form.getByRole('button', { name: 'Add channel' }).click();
    const channel = card.getByRole('listitem', { name: 'on-call hook' });
    await expect(channel).toBeVisible();
    await expect(channel.getByText('secret set', { exact: true })).toBeVisible();
    await channel.getByRole('button', { name: 'Send test' }).click();
    await expect(channel.getByRole('status')).toHaveText(/Test delivered \(HTTP 200/);
    expect(verified).toEqual([true]);

    // A Slack webhook nobody listens on: "Send test" says so under its URL.
    await form.getByLabel('Send to').selectOption('slack');
    await form.getByLabel('URL').fill(`http://127.0.0.1:${await closedPort()}/services/T/B/X`);
    await form.getByLabel('Name (optional)').fill('team chat');
    await form.getByRole('button', { name: 'Add channel' }).click();
    const slack = card.getByRole('listitem', { name: 'team chat' });
    await expect(slack.getByText(/\/\*{8}$/)).toBeVisible();
    await slack.getByRole('button', { name: 'Send test' }).click();
    await expect(slack.getByRole('button', { name: 'Send test' })).toHaveAccessibleDescription(/could not reach 127\.0\.0\.1:\d+: ECONNREFUSED/);

    const log = card.getByRole('table', { name: 'Delivery log' });
    await expect(log.getByRole('row')).toHaveCount(3);
    await expect(log).toContainText('delivered (HTTP 200) after 1 attempt');
    await expect(log).toContainText('gave up after 1 attempt: could not reach');
    await expect(card).not.toContainText(SECRET);
    await card.screenshot({ path: 'e2e/artifacts/notifications-card.png' });
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
