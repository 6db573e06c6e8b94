import { expect, test, type Page } from '@playwright/test';
import { login } from './helpers/auth';
import {
  createCluster,
  destroyClusters,
  fourNodeTopology,
  insertTestRow,
  readRows,
  waitForJob,
} from './helpers/api';
import { NODE_PORTS } from './helpers/env';

const PREFIX = 'e2e-dashboard-';

/** Chart titles by kind, as the dashboard shows them. */
const CHARTS = {
  replayLag: ['Replay lag of standbys (time)', 'Replay lag of standbys (bytes)'],
  subscriptionLag: ['Subscription lag (time)', 'Subscription lag (bytes)'],
  heartbeat: ['End-to-end heartbeat latency'],
  wal: ['WAL generated per node', 'Retained WAL per slot'],
};
const ALL_CHARTS = Object.values(CHARTS).flat();

/** A chart has data: its canvas is drawn and its legend shows a number for a series (not "--" or "—"). */
async function expectChartWithData(page: Page, title: string) {
  const chart = page.getByRole('region', { name: title, exact: true });
  await expect(chart.locator('canvas')).toHaveCount(1, { timeout: 30_000 });
  const legend = chart.getByRole('table', { name: `${title}: values` });
  // The first row is the time; every other row is a series with its newest value.
  await expect(legend.locator('.u-series:not(:first-child) .u-value').first()).toHaveText(/\d/, { timeout: 30_000 });
}

test.afterEach(async () => {
  await destroyClusters(PREFIX);
});

test('the live dashboard of the four-node cluster: graph, charts, tables and alerts', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  const name = `${PREFIX}${Date.now()}`;
  const { id, jobId } = await createCluster(fourNodeTopology(name, NODE_PORTS.dashboard));
  expect(await waitForJob(jobId, 120_000)).toBe('succeeded');

  await login(page);
  await page.goto(`/clusters/${id}`);
  await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/clusters/${id}/dashboard$`));
  await expect(page.getByRole('heading', { level: 1, name: `Dashboard: ${name}` })).toBeVisible();

  // The graph: the four nodes coloured by health, five links each with a live lag.
  const graph = page.getByRole('figure', { name: 'Live topology' });
  await expect(graph.locator('.react-flow__node')).toHaveCount(4);
  await expect(graph.locator('.react-flow__edge')).toHaveCount(5);
  await expect(graph.getByRole('list', { name: 'Nodes' }).getByRole('listitem')).toHaveText([
    'vm1: up · primary',
    'vm2: up · primary',
    'vm3: up · primary',
    'vm4: up · in recovery',
  ]);
  const links = graph.getByRole('list', { name: 'Links' }).getByRole('listitem');
  await expect(links).toHaveCount(5);
  for (const text of [
    /^vm1 subscribes to vm2 \(logical: my_pub_test2\): lag .+ · .+$/,
    /^vm2 subscribes to vm1 \(logical: my_pub_test\): lag .+ · .+$/,
    /^vm3 subscribes to vm1 \(logical: my_pub_test\): lag .+ · .+$/,
    /^vm3 subscribes to vm2 \(logical: my_pub_test2\): lag .+ · .+$/,
    /^vm4 is a standby of vm3 \(physical, slot replication_slot_4\): lag .+ · .+$/,
  ])
    await expect(links.filter({ hasText: text })).toHaveCount(1);
  await expect(links.filter({ hasText: 'broken' })).toHaveCount(0);
  // Each link's label shows its lag in human units.
  await expect(graph.getByText(/^\d[\d.]* (ms|s) · \d[\d.]* (B|KiB|MiB)$/)).toHaveCount(5);

  // The four kinds of charts fill with data within a few seconds.
  for (const title of ALL_CHARTS) await expectChartWithData(page, title);
  await expect(page.getByText(/the panel writes a row on each publishing node every second/)).toBeVisible();

  // The tables.
  const receivers = page.getByRole('table', { name: 'WAL receivers' });
  const vm4 = receivers.getByRole('row', { name: /vm4/ });
  await expect(vm4).toContainText('streaming');
  await expect(vm4).toContainText(`127.0.0.1:${NODE_PORTS.dashboard[2]}`);
  await expect(vm4).toContainText('replication_slot_4');
  const subscriptions = page.getByRole('table', { name: 'Subscriptions' });
  await expect(subscriptions.getByRole('row')).toHaveCount(5);
  await expect(subscriptions.getByRole('row', { name: /sub_test_vm1/ })).toContainText('running');
  const slots = page.getByRole('table', { name: 'Replication slots' });
  await expect(slots.getByRole('row')).toHaveCount(6);
  await expect(slots.getByRole('row', { name: /replication_slot_4/ })).toContainText(/physical\s*active/);
  await expect(slots.getByRole('row', { name: /replication_slot_4/ })).toContainText(/\d+(\.\d+)? (B|KiB|MiB)/);
  await expect(page.getByRole('region', { name: 'Alerts' })).toContainText('all clear');

  // Polling does not move the page: its height stays put over a few samples.
  const height = () => page.evaluate(() => document.documentElement.scrollHeight);
  const before = await height();
  await page.waitForTimeout(3000);
  expect(await height()).toBe(before);

  // A row inserted through the API reaches the standby; the dashboard keeps going.
  const data = `dashboard row ${Date.now()}`;
  const rowId = await insertTestRow(id, 'vm1', 'test', data);
  await expect
    .poll(async () => (await readRows(id, 'test')).vm4?.rows.some((r) => r.id === rowId), { timeout: 30_000 })
    .toBe(true);
  await page.waitForTimeout(3000);
  await expect(links.filter({ hasText: /: lag / })).toHaveCount(5);
  await expect(vm4).toContainText('streaming');
  await expect(page.getByRole('region', { name: 'Alerts' })).toContainText('all clear');
  for (const title of ALL_CHARTS) await expectChartWithData(page, title);

  // Other windows read the same series (1 h: 10 s averages, 360 points a series); back to 5 min.
  const windows = page.getByRole('group', { name: 'Chart window' });
  await windows.getByRole('button', { name: '1 h', exact: true }).click();
  await expect(windows.getByRole('button', { name: '1 h', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText(/^10 s averages, updated every second/)).toBeVisible();
  for (const title of CHARTS.heartbeat) await expectChartWithData(page, title);
  await windows.getByRole('button', { name: '5 min', exact: true }).click();
  await expectChartWithData(page, CHARTS.replayLag[0]!);

  await page.screenshot({ path: 'e2e/artifacts/dashboard.png', fullPage: true });

  // A narrow window: nothing runs off the side of the page.
  await page.setViewportSize({ width: 420, height: 900 });
  await expectChartWithData(page, CHARTS.wal[0]!);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);

  expect(errors).toEqual([]);
});
