import { expect, type Page } from '@playwright/test';
import { ADMIN_PASSWORD } from './env';

export const passwordInput = (page: Page) => page.getByLabel('Password', { exact: true });

/** Log in through the real login form; ends on the page the login sends to (`/` unless `next` says otherwise). */
export async function login(page: Page, next?: string) {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
  await passwordInput(page).fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
}
