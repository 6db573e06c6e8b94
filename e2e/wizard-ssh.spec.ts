import { expect, test } from '@playwright/test';
import { login } from './helpers/auth';
import { createCredential, destroyClusters, listClusters } from './helpers/api';
import { next, stepHeading, stepperButton } from './helpers/wizard';

const PREFIX = 'e2e-ssh-';
// Never connected to: the plan is compiled without touching the hosts, and nothing is applied.
const KEY = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxOQAAACBlMmUtb25seS1ub3QtYS1yZWFsLWtleS1lMmUtb25seQAAAJg= e2e-only',
  '-----END OPENSSH PRIVATE KEY-----',
].join('\n');
const SUDO = 'e2e sudo secret';

test.beforeEach(async ({ page }) => {
  await login(page);
});

test.afterEach(async () => {
  await destroyClusters(PREFIX);
});

test('SSH hosts: a stored credential for one, a private key for the other; errors land on the SSH fields', async ({
  page,
}) => {
  const name = `${PREFIX}${Date.now()}`;
  const credential = `e2e testbed key ${Date.now()}`;
  await createCredential({ name: credential, user: 'ubuntu', privateKey: KEY });

  await page.goto('/clusters/new?example=four-node');
  await expect(stepHeading(page, 1, 'Hosts')).toBeVisible();
  await page.getByLabel('Cluster name').fill(name);
  await page.getByRole('radio', { name: /SSH hosts/ }).check();
  await page.getByRole('button', { name: 'Remove node 4' }).click();
  await page.getByRole('button', { name: 'Remove node 3' }).click();

  // Defaults for a host: PostgreSQL on 5432, SSH as root on 22.
  await expect(page.getByLabel('Node 1 PostgreSQL port')).toHaveValue('5432');
  await expect(page.getByLabel('Node 1 SSH user')).toHaveValue('root');
  await expect(page.getByLabel('Node 1 SSH port')).toHaveValue('22');

  // vm1: the stored credential, whose user it takes.
  await page.getByLabel('Node 1 Address').fill('10.77.0.11');
  await page.getByLabel('Node 1 Log in with').selectOption('credential');
  await page.getByLabel('Node 1 Credential').selectOption({ label: `${credential} (ubuntu)` });
  await expect(page.getByLabel('Node 1 SSH user')).toHaveValue('ubuntu');

  // vm2: a private key pasted here, and a sudo password.
  await page.getByLabel('Node 2 Address').fill('10.77.0.12');
  await page.getByLabel('Node 2 Log in with').selectOption('key');
  await page.getByLabel('Node 2 Private key').fill(KEY);
  await page.getByLabel('Node 2 Sudo password (optional)').fill(SUDO);
  await expect(page.getByLabel('Node 2 Sudo password (optional)')).toHaveAttribute('type', 'password');
  await page.screenshot({ path: 'e2e/artifacts/wizard-ssh-hosts.png', fullPage: true });

  // Server problems are placed on the SSH fields they concern.
  await page.getByLabel('Node 2 Address').fill('');
  await page.getByLabel('Node 2 SSH user').fill('');
  await page.getByLabel('Node 2 Private key').fill('');
  await next(page);
  await expect(page.getByLabel('Node 2 Address')).toHaveAccessibleDescription(
    /required with the ssh provider/,
  );
  await expect(page.getByLabel('Node 2 SSH user')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Node 2 Log in with')).toHaveAccessibleDescription(
    /privateKey, password or credentialId/,
  );
  await expect(stepHeading(page, 1, 'Hosts')).toBeVisible();
  await expect(stepperButton(page, /Data and replication/)).toBeDisabled();

  await page.getByLabel('Node 2 Address').fill('10.77.0.12');
  await page.getByLabel('Node 2 SSH user').fill('root');
  await page.getByLabel('Node 2 Private key').fill(KEY);
  await expect(page.getByLabel('Node 2 Address')).not.toHaveAttribute('aria-invalid', 'true');

  // The review works as for local nodes: the plan, from POST /api/plans, without connecting to anything.
  await next(page);
  await expect(stepHeading(page, 2, 'Data and replication')).toBeVisible();
  await next(page);
  await expect(stepHeading(page, 3, 'Review')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Plan for vm1' })).toContainText(
    'Install PostgreSQL 15 on vm1',
  );
  await expect(page.getByRole('region', { name: 'Plan for vm2' })).toBeVisible();

  // Secrets never leave the page's memory except in the API request bodies.
  expect(page.url()).not.toContain('PRIVATE');
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
  expect(stored).not.toContain('PRIVATE KEY');
  expect(stored).not.toContain(SUDO);
  expect((await listClusters()).filter((c) => c.name === name)).toEqual([]);
});
