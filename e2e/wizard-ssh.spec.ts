import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import ssh2 from 'ssh2';
import { login } from './helpers/auth';
import { createCredential, destroyClusters, forgetHostKey, listClusters } from './helpers/api';
import { next, passBackups, stepHeading, stepperButton } from './helpers/wizard';

/** A host key made with ssh-keygen: the private key (for a server), its known_hosts fields and fingerprint. */
function makeHostKey(): { privateKey: string; publicKey: string; fingerprint: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'pgcascade-e2e-hostkey-'));
  try {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', path.join(dir, 'k')]);
    const publicKey = readFileSync(path.join(dir, 'k.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
    const blob = Buffer.from(publicKey.split(' ')[1]!, 'base64');
    const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
    return { privateKey: readFileSync(path.join(dir, 'k'), 'utf8'), publicKey, fingerprint };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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
  for (const host of ['10.77.0.11', '10.77.0.12']) await forgetHostKey(host);
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
  await page.getByRole('radio', { name: /My servers \(SSH\)/ }).check();
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

  // Before the panel ever logs in, the host's key is confirmed: here from a known_hosts line the user has.
  const vm1Key = makeHostKey();
  const vm1HostKey = page.getByRole('region', { name: 'Node 1 host key' });
  await expect(vm1HostKey).toContainText('Not accepted yet');
  await vm1HostKey.getByRole('button', { name: 'Paste known_hosts' }).click();
  await page.getByLabel('Node 1 known_hosts lines').fill(`# from my laptop\n10.77.0.11 ${vm1Key.publicKey}`);
  await vm1HostKey.getByRole('button', { name: 'Accept from known_hosts' }).click();
  await expect(vm1HostKey.getByRole('status')).toContainText(`Accepted: ssh-ed25519 ${vm1Key.fingerprint}`);

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
  await passBackups(page);
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

test('SSH hosts: the wizard shows the key the host presents, and the user accepts it before first use', async ({ page }) => {
  // A stand-in SSH server on this machine: the panel reads its key in the handshake and hangs up before a login.
  const hostKey = makeHostKey();
  let logins = 0;
  // ssh2 is CommonJS: its named exports are on the default one under Playwright's ESM loader.
  const server = new ssh2.Server({ hostKeys: [hostKey.privateKey] }, (client) => {
    client.on('authentication', (ctx) => {
      logins++;
      ctx.reject();
    });
    client.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    await page.goto('/clusters/new?example=four-node');
    await expect(stepHeading(page, 1, 'Hosts')).toBeVisible();
    await page.getByRole('radio', { name: /My servers \(SSH\)/ }).check();
    await page.getByLabel('Node 1 Address').fill('127.0.0.1');
    await page.getByLabel('Node 1 SSH port').fill(String(port));
    const region = page.getByRole('region', { name: 'Node 1 host key' });
    await region.getByRole('button', { name: 'Show the host key of Node 1' }).click();
    await expect(region).toContainText(`127.0.0.1 presents ssh-ed25519 ${hostKey.fingerprint}`);
    await expect(region).toContainText('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub');
    await page.screenshot({ path: 'e2e/artifacts/wizard-ssh-host-key.png', fullPage: true });
    await region.getByRole('button', { name: 'Accept the host key of Node 1' }).click();
    await expect(region.getByRole('status')).toContainText(`Accepted: ssh-ed25519 ${hostKey.fingerprint}`);
    expect(logins).toBe(0);

    // The accepted key is listed in Settings, where it can be forgotten.
    await page.goto('/settings');
    await expect(page.getByRole('region', { name: 'Pinned SSH host keys' })).toContainText(hostKey.fingerprint);
  } finally {
    await forgetHostKey('127.0.0.1', port);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
