import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { login } from './helpers/auth';
import { destroyClusters, waitForJob } from './helpers/api';
import { NODE_PORTS } from './helpers/env';
import { next, openExample, stepHeading } from './helpers/wizard';

const PREFIX = 'e2e-backups-';
// Inside the run's data dir (0755), which the postgres user reaches; removed after the test, as destroy keeps it.
const repo = path.join(process.env.PGCASCADE_E2E_DATA_DIR ?? '/nonexistent', `backup-repo-${Date.now()}`);

test.beforeEach(async ({ page }) => {
  await login(page);
});

test.afterEach(async () => {
  await destroyClusters(PREFIX);
  rmSync(repo, { recursive: true, force: true });
});

/** Stop a server the test restored (it is not part of the topology, so destroying the cluster leaves it). */
function stopServer(dataDir: string) {
  const initdb = execFileSync('sh', ['-c', 'readlink -f "$(command -v initdb || echo /usr/lib/postgresql/15/bin/initdb)"'], { encoding: 'utf8' }).trim();
  const argv = [path.join(path.dirname(initdb), 'pg_ctl'), '-D', dataDir, '-m', 'immediate', '-w', 'stop'];
  const [cmd, ...args] = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...argv] : argv;
  try {
    execFileSync(cmd as string, args, { stdio: 'ignore' });
  } catch {
    // not running
  }
}

const backupField = (page: Page, label: string) => page.getByLabel(`Backup 1 ${label}`, { exact: true });

/** The job a button on the cluster page started: the job page, until the job has ended well. */
async function followJob(page: Page) {
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]+$/);
  const jobId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
  expect(await waitForJob(jobId, 150_000)).toBe('succeeded');
  await page.reload();
  await expect(page.getByRole('progressbar', { name: 'Job progress' })).toBeVisible();
}

test('Backups step pre-filled for the reference setup, errors at their fields; the backup list and a drill report on the cluster', async ({ page }) => {
  test.setTimeout(420_000);
  const name = `${PREFIX}${Date.now()}`;
  await openExample(page, name, NODE_PORTS.backups);
  await next(page);
  await expect(stepHeading(page, 2, 'Data and replication')).toBeVisible();
  await next(page);

  // Step 3: vm3, the read replica, backed up from its standby vm4 into vm3's repository.
  await expect(stepHeading(page, 3, 'Backups')).toBeVisible();
  await expect(backupField(page, 'Node backed up').locator('option:checked')).toHaveText('vm3');
  await expect(backupField(page, 'Read files from standby').locator('option:checked')).toHaveText('vm4');
  await expect(backupField(page, 'Repository host').locator('option:checked')).toHaveText('vm3');
  await expect(backupField(page, 'Repository path')).toHaveValue('/var/lib/pgbackrest');
  await expect(backupField(page, 'Full backup (cron)')).toHaveValue('0 2 * * 0');
  await expect(backupField(page, 'Differential backup (cron)')).toHaveValue('0 2 * * 1-6');
  await expect(backupField(page, 'Incremental backup (cron)')).toHaveValue('0 * * * *');
  await expect(backupField(page, 'Full backups kept')).toHaveValue('2');
  await expect(backupField(page, 'Restore drill (cron)')).toHaveValue('0 4 * * 0');
  await page.screenshot({ path: 'e2e/artifacts/wizard-backups.png', fullPage: true });

  // A standby as the backup's own node and a schedule that does not parse: each error at its field.
  await backupField(page, 'Node backed up').selectOption({ label: 'vm4' });
  await backupField(page, 'Full backup (cron)').fill('every sunday');
  await next(page);
  await expect(backupField(page, 'Node backed up')).toHaveAttribute('aria-invalid', 'true');
  await expect(backupField(page, 'Node backed up')).toHaveAccessibleDescription(/vm4 is a standby.*set node to vm3 and fromStandby to vm4/);
  await expect(backupField(page, 'Full backup (cron)')).toHaveAccessibleDescription(/is not a cron expression/);
  await expect(stepHeading(page, 3, 'Backups')).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/wizard-backups-errors.png', fullPage: true });

  // Fixed and edited: this run's repository; no hourly incremental that could fire during the test.
  await backupField(page, 'Node backed up').selectOption({ label: 'vm3' });
  await backupField(page, 'Full backup (cron)').fill('0 2 * * 0');
  await backupField(page, 'Repository path').fill(repo);
  await backupField(page, 'Incremental backup (cron)').fill('');
  await expect(backupField(page, 'Node backed up')).not.toHaveAttribute('aria-invalid', 'true');
  await next(page);
  await expect(stepHeading(page, 4, 'Review')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Plan for vm3' })).toContainText(/pgBackRest|stanza/i);
  await next(page);
  await expect(stepHeading(page, 5, 'Apply')).toBeVisible();
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]+$/);
  await expect(page.getByRole('link', { name: 'Open the cluster' })).toBeVisible({ timeout: 150_000 });
  await page.getByRole('link', { name: 'Open the cluster' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  const clusterUrl = page.url();

  // The topology got exactly what the step showed.
  const card = page.getByRole('region', { name: 'Backups' });
  await expect(card).toContainText(`pgBackRest on vm3, files read from vm4; repository ${repo} on vm3`);
  await expect(card.getByRole('table', { name: 'Backups in the repository' })).toContainText('No backup yet.');

  // Back up now: a full backup, as a job; then the list shows it.
  await card.getByRole('button', { name: 'Back up now: full' }).click();
  await followJob(page);
  await page.screenshot({ path: 'e2e/artifacts/backup-job.png', fullPage: true });
  await page.goto(clusterUrl);
  const list = page.getByRole('region', { name: 'Backups' }).getByRole('table', { name: 'Backups in the repository' });
  await expect(list.getByRole('row', { name: /F\s+Full/ })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('region', { name: 'Backups' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/artifacts/backups-list.png', fullPage: true });

  // A restore drill: restored to a scratch cluster, every table compared; its report is kept and shown.
  await page.getByRole('region', { name: 'Backups' }).getByRole('button', { name: 'Run a restore drill' }).click();
  await followJob(page);
  await page.screenshot({ path: 'e2e/artifacts/drill-job.png', fullPage: true });
  await page.goto(clusterUrl);
  const drills = page.getByRole('region', { name: 'Backups' }).getByRole('table', { name: 'Restore drills' });
  const row = drills.getByRole('row').nth(1);
  await expect(row).toContainText('succeeded', { timeout: 30_000 });
  const tables = (await row.getByRole('cell').nth(4).textContent()) ?? '';
  const [matched, total] = /(\d+)\/(\d+) match/.exec(tables)?.slice(1) ?? [];
  expect(Number(total)).toBeGreaterThanOrEqual(2);
  expect(matched).toBe(total);
  await drills.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/artifacts/backups-drill-report.png', fullPage: true });

  // Restore to… a new node: a taken name is refused at its field; then the job restores it on its own port.
  const clusterId = new URL(clusterUrl).pathname.split('/').at(-1) ?? '';
  const restoredDir = path.join(process.env.PGCASCADE_E2E_DATA_DIR ?? '/nonexistent', 'clusters', clusterId, 'pitr_e2e', 'pgdata');
  try {
    await page.getByRole('region', { name: 'Backups' }).getByRole('button', { name: 'Restore to…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Restore to…' });
    await dialog.getByRole('radio', { name: /^A new node/ }).check();
    await dialog.getByLabel('Name', { exact: true }).fill('vm1');
    await dialog.getByLabel('Port', { exact: true }).fill(String(NODE_PORTS.restored[0]));
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect(dialog.getByLabel('Name', { exact: true })).toHaveAccessibleDescription(/vm1 is already a node of this cluster/);
    await dialog.getByLabel('Name', { exact: true }).fill('pitr_e2e');
    await page.screenshot({ path: 'e2e/artifacts/restore-to-node.png', fullPage: true });
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
    await followJob(page);
    await page.screenshot({ path: 'e2e/artifacts/restore-to-node-job.png', fullPage: true });

    // Over the backup node itself: the destructive step in red first, and it runs only with the cluster's name typed.
    await page.goto(clusterUrl);
    await page.getByRole('region', { name: 'Backups' }).getByRole('button', { name: 'Restore to…' }).click();
    const again = page.getByRole('dialog', { name: 'Restore to…' });
    await again.getByRole('radio', { name: /^The backup node itself/ }).check();
    await again.getByRole('button', { name: 'Show what it destroys' }).click();
    const warning = again.getByRole('alert').filter({ hasText: 'Restoring vm3 over itself is destructive' });
    await expect(warning).toContainText('vm4 must be re-cloned');
    const run = again.getByRole('button', { name: 'Restore vm3 over itself' });
    await expect(run).toBeDisabled();
    await again.getByLabel(`Type ${name} to run it`).fill(name);
    await expect(run).toBeEnabled();
    await page.screenshot({ path: 'e2e/artifacts/restore-in-place-confirm.png', fullPage: true });
  } finally {
    stopServer(restoredDir);
  }
});
