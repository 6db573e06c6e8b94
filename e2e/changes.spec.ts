import { expect, test } from '@playwright/test';
import { login } from './helpers/auth';
import { createCluster, destroyClusters, fourNodeTopology, waitForJob } from './helpers/api';
import { NODE_PORTS } from './helpers/env';

const PREFIX = 'e2e-changes-';

test.afterEach(async () => {
  await destroyClusters(PREFIX);
});

test('a changed topology: the plan shows its destructive steps in red, runs only once the name is typed, and the job runs in lanes', async ({ page }) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const name = `${PREFIX}${Date.now()}`;
  const topology = fourNodeTopology(name, NODE_PORTS.changes);
  const { id, jobId } = await createCluster(topology);
  expect(await waitForJob(jobId, 120_000)).toBe('succeeded');

  // The first apply ran in parallel: the job page draws a lane per node, and steps of several nodes overlapped.
  await login(page);
  await page.goto(`/jobs/${jobId}`);
  const lanes = page.getByRole('region', { name: 'Steps over time, by node' });
  await expect(lanes).toBeVisible();
  for (const node of ['vm1', 'vm2', 'vm3', 'vm4']) await expect(lanes.getByRole('listitem', { name: `Lane ${node}` })).toBeVisible();
  await expect(lanes).toContainText(/up to [2-9] steps at once/);
  await lanes.screenshot({ path: 'e2e/artifacts/changes-lanes.png' });

  // Remove vm3's subscription to vm2 in the editor and preview the plan.
  await page.goto(`/clusters/${id}`);
  await page.getByRole('button', { name: 'Re-apply' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Edit the topology').click();
  const editor = dialog.getByRole('textbox', { name: 'Topology (JSON)' });
  const saved = JSON.parse(await editor.inputValue()) as { subscriptions: Array<{ name: string }> };
  saved.subscriptions = saved.subscriptions.filter((s) => s.name !== 'sub_test2_vm2');
  await editor.fill(JSON.stringify(saved, null, 2));
  await dialog.getByRole('button', { name: 'Preview the plan' }).click();

  const drop = dialog.getByRole('note', { name: 'Destructive: Drop subscription sub_test2_vm2 (from vm2)' });
  await expect(drop).toBeVisible();
  await expect(drop).toContainText('vm3 stops receiving test2 from vm2; rows already copied stay');
  // The step itself is drawn in red in the plan (an inner locator is looked up inside each list item).
  await expect(dialog.getByRole('listitem').filter({ has: page.getByRole('note', { name: 'Destructive: Drop subscription sub_test2_vm2 (from vm2)' }) })).toHaveClass(/bg-red-50/);
  const apply = dialog.getByRole('button', { name: 'Apply now' });
  await expect(apply).toBeDisabled();
  await dialog.getByLabel(/Type .* to run them/).fill('not the name');
  await expect(apply).toBeDisabled();
  await dialog.getByLabel(/Type .* to run them/).fill(name);
  await expect(apply).toBeEnabled();
  await dialog.screenshot({ path: 'e2e/artifacts/changes-destructive-review.png' });
  await apply.click();

  await page.waitForURL(/\/jobs\//);
  const changeJob = new URL(page.url()).pathname.split('/').pop() as string;
  expect(await waitForJob(changeJob, 120_000)).toBe('succeeded');
  await page.reload();
  await expect(page.getByRole('listitem', { name: 'Drop subscription sub_test2_vm2 (from vm2)' })).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/changes-job.png', fullPage: true });
  expect(errors).toEqual([]);
});
