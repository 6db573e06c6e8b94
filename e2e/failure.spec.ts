import net from 'node:net';
import { expect, test } from '@playwright/test';
import { login } from './helpers/auth';
import { destroyClusters } from './helpers/api';
import { NODE_PORTS } from './helpers/env';
import { goToApplyStep, openExample } from './helpers/wizard';

const PREFIX = 'e2e-failure-';

test.beforeEach(async ({ page }) => {
  await login(page);
});

test.afterEach(async () => {
  await destroyClusters(PREFIX);
});

test('a node whose port is taken: the job shows the failed step with its error, Retry resumes it', async ({
  page,
}) => {
  const taken = NODE_PORTS.failure[0];
  const squatter = net.createServer();
  await new Promise<void>((resolve, reject) => {
    squatter.once('error', reject);
    squatter.listen(taken, '127.0.0.1', resolve);
  });
  let isListening = true;
  const release = () =>
    new Promise<void>((resolve) => {
      if (!isListening) return resolve();
      isListening = false;
      squatter.close(() => resolve());
    });

  try {
    await openExample(page, `${PREFIX}${Date.now()}`, NODE_PORTS.failure);
    await goToApplyStep(page);
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect(page).toHaveURL(/\/jobs\//);

    const failed = page.getByRole('region', { name: 'Failed step' });
    await expect(failed).toBeVisible({ timeout: 60_000 });
    // The step's summary names the port, and so does its error, which says why and what to do.
    await expect(failed).toContainText(`Failed on vm1: Port ${taken}`);
    await expect(failed.locator('p').first()).toContainText(
      new RegExp(`port ${taken}\\b.*already in use`, 'i'),
    );
    await expect(failed.getByRole('button', { name: 'Retry' })).toBeEnabled();
    await expect(failed.getByRole('button', { name: 'Cancel' })).toBeEnabled();
    await expect(
      page
        .getByRole('region', { name: 'Steps on vm1' })
        .getByRole('listitem', { name: new RegExp(`^Port ${taken} is free`) }),
    ).toContainText('failed');
    await page.screenshot({ path: 'e2e/artifacts/job-failed.png', fullPage: true });

    // Free the port and retry: the job resumes at the failed step and finishes.
    await release();
    await failed.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByRole('link', { name: 'Open the cluster' })).toBeVisible({ timeout: 120_000 });
    await expect(failed).toHaveCount(0);
  } finally {
    await release();
  }
});
