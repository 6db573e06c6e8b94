import { expect, test } from '@playwright/test';
import { login, passwordInput } from './helpers/auth';

test('an admin adds a viewer, who logs in with their own password and sees only what a viewer may', async ({ page, browser }) => {
  const name = `viewer-${Date.now()}`;
  const password = 'viewer e2e password';
  await login(page, '/settings');
  const users = page.getByRole('region', { name: 'Users' });
  await users.getByLabel('User name').fill(name);
  await users.getByLabel('Role', { exact: true }).selectOption('viewer');
  await users.getByLabel('Initial password').fill(password);
  await users.getByRole('button', { name: 'Add user' }).click();
  await expect(users.getByRole('row', { name: new RegExp(name) })).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/settings-users.png', fullPage: true });

  // The user's creation is in the audit trail, with who did it.
  const audit = page.getByRole('region', { name: 'Audit trail' });
  await audit.getByLabel('Action contains').fill('ACTION createUserAction');
  await audit.getByRole('button', { name: 'Filter' }).click();
  await expect(audit.getByRole('row', { name: new RegExp(`user:${name}`) })).toContainText('admin');

  const other = await browser.newContext();
  const viewer = await other.newPage();
  await viewer.goto('/login');
  await viewer.getByLabel('User name').fill(name);
  await passwordInput(viewer).fill(password);
  await viewer.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(viewer.getByLabel(`Logged in as ${name} (viewer)`)).toBeVisible();
  await viewer.goto('/settings');
  await expect(viewer.getByText(/are for admins; you are viewer/)).toBeVisible();
  await expect(viewer.getByRole('region', { name: 'Users' })).toHaveCount(0);
  await other.close();

  // Removed: the row goes, and so does every session of theirs.
  await users.getByRole('button', { name: `Remove user ${name}` }).click();
  await page.getByRole('dialog', { name: `Remove the user ${name}?` }).getByRole('button', { name: 'Remove user' }).click();
  await expect(users.getByRole('row', { name: new RegExp(name) })).toHaveCount(0);
});
