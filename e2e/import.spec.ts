import { expect, test } from '@playwright/test';
import { startOutsideCluster, type OutsideCluster } from '../tests/integration/helpers/outside-cluster';
import { login } from './helpers/auth';
import { applyCluster, destroyClusters, getCluster, waitForJob } from './helpers/api';
import { NODE_PORTS } from './helpers/env';

const PREFIX = 'e2e-import-';
const [VM1_PORT, VM3_PORT] = NODE_PORTS.import;
const PASSWORD = 'outside-e2e-Password-1';

/** A database made outside the panel: two schemas, a table without a primary key, a publication. */
const SHOP_SQL = `
CREATE SCHEMA inventory;
CREATE TABLE public.customers (id bigserial PRIMARY KEY, name text NOT NULL, created timestamptz DEFAULT now());
CREATE TABLE inventory.items (sku text PRIMARY KEY, qty integer NOT NULL);
CREATE TABLE public.events (at timestamptz DEFAULT now(), payload text);
ALTER TABLE public.events REPLICA IDENTITY FULL;
INSERT INTO public.customers (name) SELECT 'customer ' || g FROM generate_series(1, 50000) g;
INSERT INTO inventory.items SELECT 'sku-' || g, g FROM generate_series(1, 2000) g;
INSERT INTO public.events (payload) SELECT repeat('x', 200) FROM generate_series(1, 20000) g;
CREATE PUBLICATION shop_pub FOR TABLE public.customers, inventory.items, public.events;
ANALYZE;`;

let vm1: OutsideCluster | undefined;

test.beforeAll(() => {
  vm1 = startOutsideCluster(VM1_PORT ?? 0, PASSWORD);
  vm1.psql('postgres', 'CREATE DATABASE shop');
  vm1.psql('shop', SHOP_SQL);
});

test.afterAll(async () => {
  await destroyClusters(PREFIX);
  vm1?.stop();
});

test.beforeEach(async ({ page }) => {
  await login(page);
});

test('the import screen adopts a server made outside the panel; a new subscriber\'s initial copy on the job page', async ({ page }) => {
  test.setTimeout(300_000);
  const server = vm1!;
  const name = `${PREFIX}${Date.now()}`;

  await page.goto('/clusters/import');
  await expect(page.getByRole('heading', { name: 'Add existing servers', level: 1 })).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Database', { exact: true }).fill('shop');
  await page.getByLabel('Superuser', { exact: true }).fill('postgres');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Server 1 Port').fill(String(VM1_PORT));
  await page.getByLabel('Server 1 Data directory').fill(server.dataDir);
  await page.screenshot({ path: 'e2e/artifacts/import-form.png', fullPage: true });

  // A data directory that is not a cluster stops at its field, and nothing is saved.
  await page.getByLabel('Server 1 Data directory').fill(server.dir);
  await page.getByRole('button', { name: 'Read the servers and save' }).click();
  await expect(page.getByLabel('Server 1 Data directory')).toHaveAccessibleDescription(/not a PostgreSQL data directory/);
  await page.screenshot({ path: 'e2e/artifacts/import-error.png', fullPage: true });

  await page.getByLabel('Server 1 Data directory').fill(server.dataDir);
  await page.getByRole('button', { name: 'Read the servers and save' }).click();
  await expect(page).toHaveURL(/\/clusters\/[0-9a-f-]+$/, { timeout: 60_000 });
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Node vm1' })).toContainText(`127.0.0.1:${VM1_PORT}`);
  await page.screenshot({ path: 'e2e/artifacts/import-adopted.png', fullPage: true });

  // The proposal describes the server; extended with vm3 subscribing to it, the job page shows the initial copy.
  const id = new URL(page.url()).pathname.split('/').at(-1) ?? '';
  const { topology } = await getCluster(id);
  expect(topology.publications).toEqual([expect.objectContaining({ node: 'vm1', name: 'shop_pub', adopted: true })]);
  const jobId = await applyCluster(id, {
    ...topology,
    nodes: [...(topology.nodes as unknown[]), { name: 'vm3', port: VM3_PORT }],
    subscriptions: [{ node: 'vm3', name: 'vm3_shop', publisher: 'vm1', publications: ['shop_pub'] }],
  });
  await page.goto(`/jobs/${jobId}`);
  const copy = page.getByRole('region', { name: 'Initial copy' });
  await expect(copy).toBeVisible({ timeout: 120_000 });
  await expect(copy).toContainText('vm3_shop on vm3 ← vm1');
  expect(await waitForJob(jobId, 150_000)).toBe('succeeded');
  await expect(copy).toContainText('all tables copied', { timeout: 30_000 });
  for (const table of ['public.customers', 'inventory.items', 'public.events'])
    await expect(copy.getByRole('row', { name: new RegExp(`^${table.replace('.', '\\.')}\\b`) })).toContainText('ready');
  await expect(copy.getByRole('row', { name: /^public\.customers\b/ })).toContainText('/ 50000');
  await copy.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/artifacts/copy-progress.png', fullPage: true });
});
