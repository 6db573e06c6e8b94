import { expect, test } from '@playwright/test';
import { login } from './helpers/auth';
import { destroyClusters, listClusters } from './helpers/api';
import { NODE_PORTS } from './helpers/env';
import { next, openExample, passBackups, stepHeading, stepperButton } from './helpers/wizard';

const PREFIX = 'e2e-validation-';

test.beforeEach(async ({ page }) => {
  await login(page);
});

test.afterEach(async () => {
  // Nothing should have been created; clean up anyway if a bug let one through.
  await destroyClusters(PREFIX);
});

test('vm4 as a standby of itself: the error shows at the upstream and the wizard does not go on', async ({
  page,
}) => {
  const name = `${PREFIX}self-${Date.now()}`;
  await openExample(page, name, NODE_PORTS.validation);
  await next(page);
  await expect(stepHeading(page, 2, 'Data and replication')).toBeVisible();

  const upstream = page.getByLabel('Standby 1 upstream');
  await upstream.selectOption({ label: 'vm4' });
  await next(page);

  await expect(upstream).toHaveAttribute('aria-invalid', 'true');
  await expect(upstream).toHaveAccessibleDescription(/cannot be a standby of itself/);
  await expect(page.getByRole('alert').filter({ hasText: 'problem' })).toBeVisible();
  await expect(stepHeading(page, 2, 'Data and replication')).toBeVisible();
  await expect(stepperButton(page, /Review/)).toBeDisabled();
  await expect(stepperButton(page, /Apply/)).toBeDisabled();

  // Fixing the field clears its error, and the wizard goes on.
  await upstream.selectOption({ label: 'vm3' });
  await expect(upstream).not.toHaveAttribute('aria-invalid', 'true');
  await next(page);
  await passBackups(page);
  expect((await listClusters()).filter((c) => c.name === name)).toEqual([]);
});

test('vm3 without a port: the error shows at the port and step 1 does not go on', async ({ page }) => {
  const name = `${PREFIX}port-${Date.now()}`;
  await openExample(page, name, NODE_PORTS.validation);

  const port = page.getByLabel('Node 3 Port', { exact: true });
  await port.fill('');
  await next(page);

  await expect(port).toHaveAttribute('aria-invalid', 'true');
  await expect(port).toHaveAccessibleDescription(/required/);
  await expect(stepHeading(page, 1, 'Hosts')).toBeVisible();
  await expect(stepperButton(page, /Data and replication/)).toBeDisabled();
  await expect(stepperButton(page, /Apply/)).toBeDisabled();
  // Enter in a field submits the step: still refused.
  await page.getByLabel('Cluster name').press('Enter');
  await expect(stepHeading(page, 1, 'Hosts')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Apply', exact: true })).toHaveCount(0);
  expect((await listClusters()).filter((c) => c.name === name)).toEqual([]);
});
