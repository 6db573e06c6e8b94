import { expect, test } from '@playwright/test';
import { login } from './helpers/auth';

test.beforeEach(async ({ page }) => {
  await login(page);
});

test('an API token made in settings opens the API until it is deleted there', async ({ page, request }) => {
  const name = `e2e-token-${Date.now()}`;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();

  const tokens = page.getByRole('region', { name: 'API tokens' });
  await tokens.getByLabel('Token name').fill(name);
  await tokens.getByRole('button', { name: 'Create token' }).click();
  const shown = tokens.getByLabel('New API token');
  await expect(shown).toHaveValue(/^pgc_/);
  await expect(tokens.getByText('It will not be shown again')).toBeVisible();
  const token = await shown.inputValue();
  const auth = { authorization: `Bearer ${token}` };

  expect((await request.get('/api/clusters', { headers: auth })).status()).toBe(200);
  await page.screenshot({ path: 'e2e/artifacts/settings.png', fullPage: true });

  // Once dismissed, the token is gone from the page for good; the list keeps its name.
  await tokens.getByRole('button', { name: 'I have copied it' }).click();
  await expect(shown).toHaveCount(0);
  await expect(page.getByText(token)).toHaveCount(0);
  const row = tokens.getByRole('row', { name: new RegExp(name) });
  await expect(row).toBeVisible();

  await row.getByRole('button', { name: `Delete token ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Delete the token ${name}?` });
  await expect(dialog).toContainText('refused (401)');
  await dialog.getByRole('button', { name: 'Delete token' }).click();
  await expect(dialog).toBeHidden();
  await expect(tokens.getByRole('row', { name: new RegExp(name) })).toHaveCount(0);

  expect((await request.get('/api/clusters', { headers: auth })).status()).toBe(401);
});

test('an SSH credential is listed without its secrets', async ({ page }) => {
  const name = `e2e-credential-${Date.now()}`;
  const secret = `secret-${Date.now()}`;
  await page.goto('/settings');
  const credentials = page.getByRole('region', { name: 'SSH credentials' });
  await credentials.getByLabel('Name', { exact: true }).fill(name);
  await credentials.getByLabel('SSH user').fill('ubuntu');
  await credentials.getByRole('radio', { name: 'Password' }).check();
  await credentials.getByLabel('SSH password').fill(secret);
  await credentials.getByLabel('Sudo password (optional)').fill(secret);
  await credentials.getByRole('button', { name: 'Save credential' }).click();

  await expect(credentials.getByRole('status')).toContainText(`Saved “${name}”`);
  const row = credentials.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('ubuntu');
  await expect(row).toContainText('password');
  await expect(row).toContainText('sudo password');
  // The form starts over, and the secret is nowhere on the page any more.
  await expect(credentials.getByLabel('Name', { exact: true })).toHaveValue('');
  await expect(credentials.getByLabel('SSH password')).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  // A credential without a key or password is refused at the secret's field.
  await credentials.getByLabel('Name', { exact: true }).fill(`${name}-empty`);
  await credentials.getByRole('button', { name: 'Save credential' }).click();
  await expect(credentials.getByRole('textbox', { name: 'Private key' })).toHaveAccessibleDescription(
    /privateKey or a password/,
  );
});

test('pinned host keys: an empty list says when keys appear', async ({ page }) => {
  await page.goto('/settings');
  const hostKeys = page.getByRole('region', { name: 'Pinned SSH host keys' });
  await expect(hostKeys).toContainText('No host keys pinned yet');
});
