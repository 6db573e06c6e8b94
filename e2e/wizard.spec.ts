import { expect, test } from '@playwright/test';
import { login } from './helpers/auth';
import { destroyClusters } from './helpers/api';
import { NODE_PORTS } from './helpers/env';
import { fillHosts, goToApplyStep, stepHeading } from './helpers/wizard';

const PREFIX = 'e2e-journey-';

test.beforeEach(async ({ page }) => {
  await login(page);
});

test.afterEach(async () => {
  await destroyClusters(PREFIX);
});

test('the four-node setup from the example: wizard, live job, rows arriving on every node', async ({
  page,
}) => {
  const name = `${PREFIX}${Date.now()}`;

  // The empty list explains what pgcascade does and offers the example.
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'No clusters yet' })).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: 'Start from the four-node example' }).click();
  await expect(page.getByLabel('Cluster name')).toHaveValue('four-node-demo');
  await expect(page.getByLabel('Node 4 name')).toHaveValue('vm4');

  // Step 1: the example uses 5543x, which other suites use: move it to this spec's ports.
  await fillHosts(page, name, NODE_PORTS.journey);

  // Steps 2 and 3, with the diagram and the plan grouped by node.
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(stepHeading(page, 2, 'Data and replication')).toBeVisible();
  await expect(page.getByLabel('Standby 1 upstream').locator('option:checked')).toHaveText('vm3');
  const diagram = page.getByRole('figure', { name: 'Topology diagram' });
  await expect(
    diagram.getByText('vm4 is a standby of vm3 (physical, slot replication_slot_4)'),
  ).toBeAttached();
  await expect(diagram.getByText('vm3 subscribes to vm1 (logical: my_pub_test)')).toBeAttached();
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  // State is kept when going back.
  await expect(page.getByLabel('Node 1 Port', { exact: true })).toHaveValue(String(NODE_PORTS.journey[0]));

  await goToApplyStep(page);
  await page.getByRole('button', { name: /4\. Review/ }).click();
  const vm4Plan = page.getByRole('region', { name: 'Plan for vm4' });
  await vm4Plan.getByText(/Clone vm4 from vm3/).click();
  await expect(vm4Plan.getByText(/pg_basebackup/).first()).toBeVisible();
  await expect(page.getByText('********').first()).toBeAttached();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download topology' }).click();
  expect((await download).suggestedFilename()).toBe(`${name}.topology.json`);
  const runbook = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download as shell runbook' }).click();
  expect((await runbook).suggestedFilename()).toMatch(/runbook\.sh$/);
  await page.screenshot({ path: 'e2e/artifacts/wizard-review.png', fullPage: true });

  // Step 4: apply, then follow the job.
  await page.getByRole('button', { name: /5\. Apply/ }).click();
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]+$/);
  await expect(page.getByRole('progressbar', { name: 'Job progress' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Steps on vm4' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open the cluster' })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('log', { name: 'Job log' })).toContainText('pg_basebackup');
  await expect(page.getByRole('progressbar', { name: 'Job progress' })).toHaveAttribute(
    'aria-valuenow',
    /\d+/,
  );
  await page.screenshot({ path: 'e2e/artifacts/job-succeeded.png', fullPage: true });

  // The cluster page: node cards, then test rows.
  await page.getByRole('link', { name: 'Open the cluster' }).click();
  await expect(page).toHaveURL(/\/clusters\/[0-9a-f-]+$/);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  const vm4 = page.getByRole('article', { name: 'Node vm4' });
  await expect(vm4).toContainText('standby');
  await expect(vm4).toContainText('in recovery');
  await expect(vm4).toContainText(`127.0.0.1:${NODE_PORTS.journey[3]}`);
  await expect(page.getByRole('article', { name: 'Node vm1' })).toContainText('primary (read-write)');
  await expect(page.getByRole('button', { name: /Insert test row on vm4/ })).toHaveCount(0);

  // Insert on vm1 and see it arrive on vm2, vm3 and the standby vm4.
  const fromVm1 = `hello from vm1 ${Date.now()}`;
  await page.getByLabel('Text for the row (optional)').fill(fromVm1);
  await page.getByRole('button', { name: 'Insert test row on vm1 into test' }).click();
  const rowVm1 = page
    .getByRole('table', { name: 'Rows of test' })
    .getByRole('row', { name: new RegExp(fromVm1) });
  await expect(rowVm1.getByRole('cell', { name: 'vm1: inserted here' })).toBeVisible();
  for (const node of ['vm2', 'vm3', 'vm4'])
    await expect(rowVm1.getByRole('cell', { name: new RegExp(`^${node}: \\+\\d+ ms$`) })).toBeVisible({
      timeout: 30_000,
    });

  // Insert on vm2 (into test2) and see it arrive on vm1.
  const fromVm2 = `hello from vm2 ${Date.now()}`;
  await page.getByLabel('Text for the row (optional)').fill(fromVm2);
  await page.getByRole('button', { name: 'Insert test row on vm2 into test2' }).click();
  const rowVm2 = page
    .getByRole('table', { name: 'Rows of test2' })
    .getByRole('row', { name: new RegExp(fromVm2) });
  await expect(rowVm2.getByRole('cell', { name: /^vm1: \+\d+ ms$/ })).toBeVisible({ timeout: 30_000 });
  await expect(rowVm2.getByRole('cell', { name: /^vm4: \+\d+ ms$/ })).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: 'e2e/artifacts/cluster-rows.png', fullPage: true });

  // Re-apply previews the plan with this cluster's own folders (clusters/<id>), not a new cluster's.
  const clusterId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
  await page.getByRole('button', { name: 'Re-apply' }).click();
  const reapply = page.getByRole('dialog', { name: `Re-apply ${name}` });
  const vm1Steps = reapply.getByRole('region', { name: 'Plan for vm1' });
  await expect(vm1Steps).toBeVisible();
  await expect(reapply.getByText(`clusters/${clusterId}/`).first()).toBeAttached();
  await reapply.getByRole('button', { name: 'Close' }).click();
  await expect(reapply).toBeHidden();

  // Destroy asks for the name first; the job page then follows the destroy.
  await page.getByRole('button', { name: 'Destroy', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Destroy ${name}?` });
  await expect(dialog.getByRole('button', { name: 'Destroy cluster' })).toBeDisabled();
  await dialog.getByLabel(`Type ${name} to confirm`).fill(name);
  await dialog.getByRole('button', { name: 'Destroy cluster' }).click();
  await expect(page).toHaveURL(/\/jobs\//);
  await expect(page.getByText('The cluster was destroyed')).toBeVisible({ timeout: 60_000 });
  // The name comes with the job: the destroyed cluster is no longer listed anywhere else.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Destroy ${name}`);
});
