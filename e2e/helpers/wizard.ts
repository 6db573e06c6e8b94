import { expect, type Page } from '@playwright/test';

export const stepHeading = (page: Page, n: number, title: string) =>
  page.getByRole('heading', { name: `Step ${n} of 4: ${title}` });

export const stepperButton = (page: Page, name: RegExp) =>
  page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name });

/** Open the wizard filled with the four-node example, renamed and moved to the given node ports. */
export async function openExample(page: Page, name: string, ports: readonly number[]) {
  await page.goto('/clusters/new?example=four-node');
  await fillHosts(page, name, ports);
}

export async function fillHosts(page: Page, name: string, ports: readonly number[]) {
  await expect(stepHeading(page, 1, 'Hosts')).toBeVisible();
  await page.getByLabel('Cluster name').fill(name);
  for (const [i, port] of ports.entries())
    await page.getByLabel(`Node ${i + 1} Port`, { exact: true }).fill(String(port));
}

export async function next(page: Page) {
  await page.getByRole('button', { name: 'Next', exact: true }).click();
}

/** Hosts → Data and replication → Review → Apply, checking each step is reached. */
export async function goToApplyStep(page: Page) {
  await next(page);
  await expect(stepHeading(page, 2, 'Data and replication')).toBeVisible();
  await next(page);
  await expect(stepHeading(page, 3, 'Review')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Plan for vm4' })).toBeVisible();
  await next(page);
  await expect(stepHeading(page, 4, 'Apply')).toBeVisible();
}
