import { expect, test } from '@playwright/test';
import { YandexCloudStandin } from '@/lib/testing/yandex-cloud-standin';
import { login } from './helpers/auth';
import { createCredential, listClusters } from './helpers/api';
import { YANDEX_STANDIN_PORT } from './helpers/env';
import { next, stepHeading } from './helpers/wizard';

const FOLDER = 'b1ge2efolder01';
const TOKEN = 'y0_AgAAAAE2eWizardStandinToken0001';

// The panel under test sends every Yandex Cloud call here (PGCASCADE_YANDEX_API_BASE in playwright.config.ts).
let standin: YandexCloudStandin;

test.beforeAll(async () => {
  standin = new YandexCloudStandin({
    folderId: FOLDER,
    subnets: [
      { id: 'e9be2esubneta1', zoneId: 'ru-central1-a', v4CidrBlocks: ['10.128.0.0/24'] },
      { id: 'e2le2esubnetb1', zoneId: 'ru-central1-b', v4CidrBlocks: ['10.129.0.0/24'] },
    ],
    oauthTokens: [TOKEN],
  });
  await standin.start(YANDEX_STANDIN_PORT);
});

test.afterAll(async () => {
  await standin?.stop();
});

test.beforeEach(async ({ page }) => {
  await login(page);
});

test('Create VMs in Yandex Cloud: Test credentials lists the folder\'s zones and subnets; a wrong folder says why and what to do', async ({ page }) => {
  const credential = `e2e yandex ${Date.now()}`;
  // An OAuth token, stored like any secret (encrypted); the driver exchanges it for an IAM token.
  await createCredential({ name: credential, user: 'yandex', password: TOKEN });

  await page.goto('/clusters/new?example=four-node');
  await expect(stepHeading(page, 1, 'Hosts')).toBeVisible();
  for (const choice of ['This machine', 'My servers (SSH)', 'Create VMs in Yandex Cloud', 'Create VMs with KVM/libvirt'])
    await expect(page.getByRole('radio', { name: new RegExp(`^${choice.replace(/[()/]/g, '\\$&')}`) })).toBeVisible();
  await page.getByLabel('Cluster name').fill(`e2e-machines-${Date.now()}`);
  await page.getByRole('radio', { name: /^Create VMs in Yandex Cloud/ }).check();

  const card = page.getByRole('region', { name: 'Yandex Cloud VMs' });
  await expect(card.getByLabel('vCPUs per VM')).toHaveValue('4');
  await expect(card.getByLabel('Memory per VM (GB)')).toHaveValue('8');
  await expect(card.getByLabel('Disk per VM (GB)')).toHaveValue('20');
  await expect(card.getByLabel('Image family')).toHaveValue('ubuntu-2204-lts');
  // Created VMs need no address or login typed in.
  await expect(page.getByLabel('Node 1 SSH user')).toHaveCount(0);

  await card.getByLabel('Credential').selectOption({ label: credential });
  await card.getByLabel('Folder ID').fill(FOLDER);
  await card.getByRole('button', { name: 'Test credentials' }).click();
  await expect(card.getByText('The credentials work')).toBeVisible();
  await expect(card.getByLabel('Zones')).toHaveText('ru-central1-a, ru-central1-b, ru-central1-d');
  const subnets = card.getByRole('table', { name: 'Subnets in the folder' });
  await expect(subnets.getByRole('row', { name: /e9be2esubneta1.*ru-central1-a.*10\.128\.0\.0\/24/ })).toBeVisible();
  await expect(subnets.getByRole('row', { name: /e2le2esubnetb1.*ru-central1-b.*10\.129\.0\.0\/24/ })).toBeVisible();
  // Choosing a subnet sets its zone too.
  await subnets.getByRole('button', { name: 'Use subnet e2le2esubnetb1' }).click();
  await expect(card.getByLabel('Subnet ID')).toHaveValue('e2le2esubnetb1');
  await expect(card.getByLabel('Zone', { exact: true })).toHaveValue('ru-central1-b');
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/artifacts/wizard-yandex.png', fullPage: true });
  // The calls the panel made were the documented ones, with the IAM token it got for the OAuth token.
  expect(standin.requests.map((r) => r.path)).toEqual(expect.arrayContaining(['/iam/v1/tokens', '/compute/v1/zones?pageSize=1000', `/vpc/v1/subnets?folderId=${FOLDER}&pageSize=1000`]));
  expect(standin.issuedTokens.some((t) => t.via === 'oauth')).toBe(true);

  // The hosts step passes with the machines settings (the server validates them); nothing was created.
  await next(page);
  await expect(stepHeading(page, 2, 'Data and replication')).toBeVisible();
  await page.getByRole('button', { name: 'Back', exact: true }).click();

  // A folder the account may not use: the API's reason and the roles to grant.
  await card.getByLabel('Folder ID').fill('b1gnotmine0001');
  await card.getByRole('button', { name: 'Test credentials' }).click();
  const refused = card.getByRole('alert').filter({ hasText: 'Yandex Cloud refused' });
  await expect(refused).toContainText(/Permission denied.*Grant the service account the roles compute\.editor and vpc\.user on folder b1gnotmine0001/);
  await page.screenshot({ path: 'e2e/artifacts/wizard-yandex-refused.png', fullPage: true });
  expect(standin.requests.filter((r) => r.method === 'POST' && r.path === '/compute/v1/instances')).toEqual([]);
  expect((await listClusters()).filter((c) => c.name.startsWith('e2e-machines-'))).toEqual([]);
});

test('Create VMs with KVM/libvirt: the form, and a URI that does not answer stops with the reason and the fix', async ({ page }) => {
  await page.goto('/clusters/new?example=four-node');
  await page.getByRole('radio', { name: /^Create VMs with KVM\/libvirt/ }).check();
  const card = page.getByRole('region', { name: 'KVM/libvirt VMs' });
  await expect(card.getByLabel('libvirt URI')).toHaveValue('qemu:///system');
  await expect(card.getByLabel('vCPUs per VM')).toHaveValue('1');
  await expect(card.getByLabel('Memory per VM (GB)')).toHaveValue('1');
  await expect(card.getByLabel('Disk per VM (GB)')).toHaveValue('8');

  // Nothing listens on port 1: whatever runs on this machine, this libvirt cannot answer.
  await card.getByLabel('libvirt URI').fill('qemu+ssh://root@127.0.0.1:1/system');
  await card.getByRole('button', { name: 'Check connection' }).click();
  const problem = card.getByRole('alert').filter({ hasText: 'libvirt does not answer' });
  await expect(problem).toContainText(/libvirt at qemu\+ssh:\/\/root@127\.0\.0\.1:1\/system does not answer: Cannot recv data: ssh: connect to host 127\.0\.0\.1 port 1: Connection refused.*\. Check the URI and that the host answers SSH from this machine and runs libvirtd$/);
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/artifacts/wizard-libvirt-error.png', fullPage: true });

  // A URI that is not libvirt's stops at its field.
  await card.getByLabel('libvirt URI').fill('http://example');
  await next(page);
  await expect(card.getByLabel('libvirt URI')).toHaveAccessibleDescription(/must be a libvirt URI/);
  await expect(stepHeading(page, 1, 'Hosts')).toBeVisible();
});
