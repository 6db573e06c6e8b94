import { expect, type Page } from '@playwright/test';

/** Hosts, Data and replication, Backups, Review, Apply. */
export const STEP_COUNT = 5;

export const stepHeading = (page: Page, n: number, title: string) =>
  page.getByRole('heading', { name: `Step ${n} of ${STEP_COUNT}: ${title}` });

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

/**
 * From the Backups step to the review, without the pre-filled backup (unless asked to keep it): specs about
 * replication do not set up pgBackRest, and its repository would outlive the cluster.
 */
export async function passBackups(page: Page, { keepBackups = false }: { keepBackups?: boolean } = {}) {
  await expect(stepHeading(page, 3, 'Backups')).toBeVisible();
  if (!keepBackups) {
    const remove = page.getByRole('button', { name: 'Remove backup 1' });
    if (await remove.isVisible()) await remove.click();
    await expect(page.getByText('No backups: the cluster is not backed up.')).toBeVisible();
  }
  await next(page);
  await expect(stepHeading(page, 4, 'Review')).toBeVisible();
}

/** Hosts → Data and replication → Backups → Review → Apply, checking each step is reached. */
export async function goToApplyStep(page: Page, options: { keepBackups?: boolean } = {}) {
  await next(page);
  await expect(stepHeading(page, 2, 'Data and replication')).toBeVisible();
  await next(page);
  await passBackups(page, options);
  await expect(page.getByRole('region', { name: 'Plan for vm4' })).toBeVisible();
  await next(page);
  await expect(stepHeading(page, 5, 'Apply')).toBeVisible();
}
