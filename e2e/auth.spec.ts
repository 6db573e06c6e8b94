import { expect, test } from '@playwright/test';
import { login, passwordInput } from './helpers/auth';
import { ADMIN_PASSWORD, apiToken, BASE_URL } from './helpers/env';
import { stepHeading } from './helpers/wizard';

test('without a session a page goes to the login page; the right password comes back; log out leaves', async ({
  page,
}) => {
  await page.goto('/clusters/new');
  await expect(page).toHaveURL(`${BASE_URL}/login?next=%2Fclusters%2Fnew`);
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  // Outside the panel: no header with its links.
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);

  const password = passwordInput(page);
  await password.fill('not the password');
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAccessibleDescription(/wrong password/);
  await expect(page).toHaveURL(/\/login\?/);
  await page.screenshot({ path: 'e2e/artifacts/login.png', fullPage: true });

  // Typing again clears the error; the right password goes back where the user was heading.
  await password.fill(ADMIN_PASSWORD);
  await expect(password).not.toHaveAttribute('aria-invalid', 'true');
  await password.press('Enter');
  await expect(page).toHaveURL(`${BASE_URL}/clusters/new`);
  await expect(stepHeading(page, 1, 'Hosts')).toBeVisible();

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(`${BASE_URL}/login`);
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  // The session is gone on the server too, not only hidden.
  await page.goto('/settings');
  await expect(page).toHaveURL(`${BASE_URL}/login?next=%2Fsettings`);
});

test('a session the server does not know: the page goes to the login, then back with its query', async ({
  page,
  context,
}) => {
  // The cookie lets the page through the proxy; the panel then asks the server, which does not know it.
  await context.addCookies([{ name: 'pgcascade_session', value: 'expired-or-forged', url: BASE_URL }]);
  await page.goto('/clusters/new?example=four-node');
  await expect(page).toHaveURL(`${BASE_URL}/login?next=%2Fclusters%2Fnew%3Fexample%3Dfour-node`);
  await passwordInput(page).fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  // Back on the page with its query: the wizard opens filled with the example.
  await expect(page).toHaveURL(`${BASE_URL}/clusters/new?example=four-node`);
  await expect(page.getByLabel('Cluster name')).toHaveValue('four-node-demo');
});

test('a session that ends while a page is open: the next API call goes to the login', async ({ page }) => {
  await login(page, '/settings');
  await page.getByLabel('Token name').fill('never made');
  // Ended behind the page's back, as logging out in another tab does.
  await page.request.post('/api/auth/logout');
  // The next API call is this click, unless one of the page's own polls got there first: both must lead to the login.
  await page
    .getByRole('button', { name: 'Create token' })
    .click({ timeout: 5_000 })
    .catch(() => undefined);
  await expect(page).toHaveURL(`${BASE_URL}/login?next=%2Fsettings`);
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
});

test('a login link never sends the browser off the panel', async ({ page }) => {
  await page.goto('/login?next=https%3A%2F%2Fexample.com%2F');
  await passwordInput(page).fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect(page).toHaveURL(`${BASE_URL}/`);
  await expect(page.getByRole('heading', { name: 'Clusters', level: 1 })).toBeVisible();
});

test('the API wants a session or a bearer token', async ({ request }) => {
  const anonymous = await request.get('/api/clusters');
  expect(anonymous.status()).toBe(401);
  expect((await anonymous.json()).errors[0].message).toMatch(/log in first/);
  const withToken = await request.get('/api/clusters', {
    headers: { authorization: `Bearer ${apiToken()}` },
  });
  expect(withToken.status()).toBe(200);
});
