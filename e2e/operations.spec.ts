import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { psql } from '../tests/integration/helpers/psql';
import { login } from './helpers/auth';
import { createCluster, destroyClusters, fourNodeTopology, waitForJob } from './helpers/api';
import { NODE_PORTS } from './helpers/env';

const PREFIX = 'e2e-operations-';
const PORTS = NODE_PORTS.operations;
const VM3_PORT = PORTS[2];

/** Where the panel keeps a local cluster's nodes (its data dir is the run's, set in playwright.config.ts). */
function clusterRoot(clusterId: string): string {
  const dataDir = process.env.PGCASCADE_E2E_DATA_DIR;
  if (!dataDir) throw new Error('PGCASCADE_E2E_DATA_DIR is not set: run the specs through playwright.config.ts');
  return path.join(dataDir, 'clusters', clusterId);
}

const driftCard = (page: Page) => page.getByTestId('drift-card');
/** The drift card's headline ("Not checked yet", "No drift (checked …)", "1 difference from the topology (…)"). */
const driftHeadline = (page: Page) => driftCard(page).getByRole('status');

/** The drift card reports no drift: after a check now if the server has not checked yet. */
async function expectNoDrift(page: Page) {
  await expect(driftHeadline(page)).toHaveText(/^(Not checked yet|No drift)/, { timeout: 30_000 });
  if ((await driftHeadline(page).textContent())?.startsWith('Not checked yet'))
    await driftCard(page).getByRole('button', { name: 'Check now', exact: true }).click();
  await expect(driftHeadline(page)).toHaveText(/^No drift \(checked /, { timeout: 30_000 });
  await expect(driftCard(page).getByRole('table', { name: 'Drift' })).toHaveCount(0);
}

test.afterEach(async () => {
  await destroyClusters(PREFIX);
});

test('operations on the four-node cluster: drift and reconcile, monitoring settings, switchover', async ({
  page,
}) => {
  test.setTimeout(360_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  // 1. The cluster, made through the API; then the cluster page.
  const name = `${PREFIX}${Date.now()}`;
  const { id, jobId } = await createCluster(fourNodeTopology(name, PORTS));
  expect(await waitForJob(jobId, 120_000)).toBe('succeeded');
  await login(page);
  await page.goto(`/clusters/${id}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

  // 2. Freshly applied: no drift.
  await expectNoDrift(page);

  // 3. Drift behind the panel's back: vm3's subscription to vm1 disabled on the node itself.
  psql(clusterRoot(id), 'vm3', VM3_PORT, 'technolabels', 'ALTER SUBSCRIPTION sub_test_vm1 DISABLE');
  expect(
    psql(clusterRoot(id), 'vm3', VM3_PORT, 'technolabels', "SELECT subenabled FROM pg_subscription WHERE subname = 'sub_test_vm1'"),
  ).toBe('f');

  await driftCard(page).getByRole('button', { name: 'Check now', exact: true }).click();
  await expect(driftHeadline(page)).toHaveText(/^1 difference from the topology \(checked /, { timeout: 30_000 });
  const driftRows = driftCard(page).getByRole('table', { name: 'Drift' }).getByRole('row');
  await expect(driftRows).toHaveCount(2); // the header and vm3's line
  await expect(driftRows.nth(1)).toContainText('vm3');
  await expect(driftRows.nth(1)).toContainText('subscription sub_test_vm1 is disabled');
  await expect(driftRows.nth(1)).toContainText(/enabled\s*→\s*disabled/);
  await driftCard(page).screenshot({ path: 'e2e/artifacts/operations-drift.png' });

  await page.getByTestId('reconcile-open').click();
  const reconcile = page.getByRole('dialog', { name: 'Reconcile with the topology' });
  await expect(reconcile).toBeVisible();
  const vm3Plan = reconcile.getByRole('region', { name: 'Plan for vm3' });
  await expect(vm3Plan).toBeVisible({ timeout: 30_000 });
  // A node's subscriptions are enabled together, by the step that owns their enabled state.
  await expect(vm3Plan).toContainText("Enable vm3's subscriptions sub_test_vm1, sub_test2_vm2 in one transaction");
  await expect(vm3Plan).toContainText('enable-subscriptions');
  await reconcile.screenshot({ path: 'e2e/artifacts/operations-reconcile.png' });

  await reconcile.getByTestId('reconcile-apply').click();
  await expect(page).toHaveURL(/\/jobs\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1, name: `Reconcile ${name}` })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'The drift was corrected' })).toBeVisible({
    timeout: 120_000,
  });
  expect(
    psql(clusterRoot(id), 'vm3', VM3_PORT, 'technolabels', "SELECT subenabled FROM pg_subscription WHERE subname = 'sub_test_vm1'"),
  ).toBe('t');

  await page.getByRole('link', { name: 'Open the cluster' }).click();
  await expect(page).toHaveURL(new RegExp(`/clusters/${id}$`));
  await expectNoDrift(page);

  // 4. The lag threshold, changed on the dashboard, stays after a reload.
  await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Dashboard: ${name}` })).toBeVisible();
  const settings = page.getByTestId('monitoring-settings');
  const lag = settings.getByLabel('Lag alert over (seconds)');
  await expect(lag).toHaveValue('10');
  await lag.fill('5');
  await settings.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(settings.getByRole('status')).toHaveText('Saved.');
  await page.reload();
  await expect(page.getByTestId('monitoring-settings').getByLabel('Lag alert over (seconds)')).toHaveValue('5');

  // 5. Switchover: vm4 takes vm3's place without loss.
  await page.getByRole('link', { name: 'Cluster page', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/clusters/${id}$`));
  const promote = page.getByRole('region', { name: 'Promote a standby' });
  await expect(promote).toContainText('standby of vm3');
  await promote.getByRole('button', { name: 'Promote vm4…', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Promote vm4?' });
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('confirm-switchover').click();

  await expect(page).toHaveURL(/\/jobs\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1, name: `Switchover ${name}` })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'vm4 took over' })).toBeVisible({ timeout: 150_000 });
  const loss = page.getByTestId('loss-report');
  for (const subscription of ['sub_test_vm1', 'sub_test2_vm2']) {
    const check = loss.getByRole('listitem', { name: `Loss check of ${subscription}` });
    await expect(check).toContainText('on vm4');
    await expect(check).toContainText(/no loss — /);
  }
  await expect(loss.getByText('rows re-copied')).toHaveCount(0);
  await page.screenshot({ path: 'e2e/artifacts/operations-switchover.png', fullPage: true });

  await page.getByRole('link', { name: 'Open the cluster' }).click();
  await expect(page).toHaveURL(new RegExp(`/clusters/${id}$`));
  const diagram = page.getByRole('figure', { name: 'Topology diagram' });
  await expect(diagram.locator('.react-flow__node')).toHaveCount(3);
  await expect(diagram.locator('.react-flow__node')).toContainText(['vm1', 'vm2', 'vm4']);
  await expect(page.getByRole('article', { name: 'Node vm3' })).toHaveCount(0);
  await expect(page.getByRole('article', { name: /^Node vm/ })).toHaveCount(3);
  await expect(page.getByRole('region', { name: 'Promote a standby' })).toHaveCount(0);

  // vm3 left the cluster: rebuild it as vm4's standby, and the four nodes are back (vm4 → vm3 now).
  const retired = page.getByRole('region', { name: 'Nodes that left in a takeover' });
  await expect(retired).toContainText('replaced by vm4');
  await retired.getByTestId('rebuild-vm3').click();
  await expect(page).toHaveURL(/\/jobs\/[^/]+$/);
  await page.getByRole('link', { name: 'Open the cluster' }).click({ timeout: 150_000 });
  await expect(page.getByRole('article', { name: /^Node vm/ })).toHaveCount(4);
  await expect(page.getByRole('region', { name: 'Promote a standby' })).toContainText('standby of vm4');
  await expect(page.getByRole('region', { name: 'Nodes that left in a takeover' })).toHaveCount(0);

  expect(errors).toEqual([]);
});
