import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { YandexCloudStandin } from '@/lib/testing/yandex-cloud-standin';
import type { YandexMachines } from '@/lib/topology/machines';
import { diffMachine, machineLabels, vmName } from '@/lib/objects/machine';
import type { MachineRequest } from '../types';
import type { YandexEndpoints } from './api';
import { parseYandexCredential, type YandexCredential } from './auth';
import { YandexDriver, createRequest } from './driver';
import { createInstanceRequest, createTokenRequest } from './shapes';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const keyJson = JSON.stringify({ id: 'ajekeyid0001', service_account_id: 'ajesa0000001', created_at: '2026-01-01T00:00:00Z', key_algorithm: 'RSA_2048', public_key: publicKey, private_key: `PLEASE DO NOT REMOVE THIS LINE! Yandex.Cloud SA Key ID <ajekeyid0001>\n${privateKey}` });
const machines: YandexMachines = { driver: 'yandex-cloud', credentialId: 'c1', folderId: 'b1gfolder0001', zone: 'ru-central1-a', subnetId: 'e9bsubnet001', image: { family: 'ubuntu-2204-lts' }, resources: { cores: 4, memoryGb: 8, diskGb: 20, platform: 'standard-v3' }, publicIp: true };
const clusterId = '3f2a9c4e-1b7d-4e2a-9c1f-0a1b2c3d4e5f';
const request = (node: string, address: string, m: YandexMachines = machines): MachineRequest => ({ clusterId, node, vmName: vmName(clusterId, node), labels: machineLabels(clusterId, node), address, machine: m, userData: '#cloud-config\n{}' });
const log = () => undefined;

let standin: YandexCloudStandin;
let endpoints: YandexEndpoints;
const fast = { pollMs: 5, maxPollMs: 20 };
const driver = (credential: YandexCredential = parseYandexCredential(keyJson), m = machines) => new YandexDriver(credential, m, { endpoints, ...fast });

beforeAll(async () => {
  standin = new YandexCloudStandin({ folderId: machines.folderId, subnets: [{ id: 'e9bsubnet001', zoneId: 'ru-central1-a', v4CidrBlocks: ['10.128.0.0/24'] }], keys: { ajekeyid0001: { serviceAccountId: 'ajesa0000001', publicKey } }, oauthTokens: ['y0_AgAAAAB1234567890abcdefghij'] });
  endpoints = await standin.start();
});
afterAll(() => standin.stop());
beforeEach(() => {
  standin.faults = {};
});

describe('Yandex Cloud driver against the stand-in', () => {
  it('passes pre-flight with a good key, folder, subnet and image', async () => {
    expect(await driver().preflight([request('vm1', '10.128.0.10')])).toEqual([]);
  });

  it('catches a wrong key, a missing folder, a missing subnet and an address outside it before creating anything', async () => {
    const created = standin.requests.filter((r) => r.method === 'POST' && r.path === '/compute/v1/instances').length;
    const other = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const wrong = parseYandexCredential(JSON.stringify({ id: 'ajekeyid0001', service_account_id: 'ajesa0000001', private_key: other.privateKey }));
    const [bad] = await driver(wrong).preflight([request('vm1', '10.128.0.10')]);
    expect(bad).toMatch(/JWT signature is invalid \(code 16\)\. The credentials were refused/);
    const [folder] = await driver(undefined, { ...machines, folderId: 'b1gmissing' }).preflight([request('vm1', '10.128.0.10')]);
    expect(folder).toMatch(/folder b1gmissing failed: Permission denied.*compute\.editor and vpc\.user on folder b1gmissing/);
    const problems = await driver(undefined, { ...machines, subnetId: 'e9bmissing' }).preflight([request('vm1', '10.128.0.10', { ...machines, subnetId: 'e9bmissing' })]);
    expect(problems).toEqual([expect.stringMatching(/subnet e9bmissing failed: Subnet e9bmissing not found \(code 5\)\. Check the id/)]);
    expect(await driver().preflight([request('vm1', '192.168.5.5')])).toEqual([expect.stringMatching(/vm1's address 192\.168\.5\.5 is outside subnet e9bsubnet001/)]);
    expect((await driver(parseYandexCredential('y0_wrongwrongwrongwrongwrong')).preflight([request('vm1', '10.128.0.10')]))[0]).toMatch(/OAuth token is invalid or has expired/);
    expect(standin.requests.filter((r) => r.method === 'POST' && r.path === '/compute/v1/instances').length).toBe(created);
  });

  it('creates a VM, finds it again by its labels (no diff), never lists or deletes a foreign VM, and deletes its own', async () => {
    const foreign = standin.addForeignInstance('someone-elses-vm');
    const d = driver();
    const made = await d.create(request('vm1', '10.128.0.10'), log);
    expect(made).toMatchObject({ status: 'running', internalAddress: '10.128.0.10', name: vmName(clusterId, 'vm1') });
    expect(made.publicAddress).toMatch(/^158\.160\./);
    const listed = await d.list(clusterId);
    expect(listed.map((m) => m.name)).toEqual([vmName(clusterId, 'vm1')]);
    expect(diffMachine({ kind: 'create-machine', clusterId, vmName: made.name, address: '10.128.0.10', sshUser: 'pgcascade', machine: machines }, listed[0] ?? null)).toBeNull();
    await expect(d.delete({ ...made, labels: {} }, log)).rejects.toThrow(/deletes only VMs it created/);
    await d.delete(made, log);
    expect(await d.list(clusterId)).toEqual([]);
    expect(standin.instances.has(foreign)).toBe(true);
    // The request as sent: documented names only, int64 as strings, the planned address, the labels.
    const sent = standin.requests.find((r) => r.method === 'POST' && r.path === '/compute/v1/instances')?.body;
    expect(sent).toMatchObject({ folderId: machines.folderId, zoneId: 'ru-central1-a', platformId: 'standard-v3', resourcesSpec: { cores: '4', memory: String(8 * 1024 ** 3) }, labels: { 'pgcascade-cluster': clusterId, 'pgcascade-node': 'vm1' }, bootDiskSpec: { autoDelete: true, diskSpec: { imageId: 'fd8ubuntu2204', size: String(20 * 1024 ** 3) } }, networkInterfaceSpecs: [{ subnetId: 'e9bsubnet001', primaryV4AddressSpec: { address: '10.128.0.10', oneToOneNatSpec: { ipVersion: 'IPV4' } } }] });
  });

  it.each([
    ['quota', { quota: true }, /Quota limit compute\.instanceCores\.count exceeded \(code 8\)\. A quota is used up: raise it/],
    ['permission denied', { permissionDenied: true }, /Permission denied to folder b1gfolder0001 \(code 7\)\. Grant the service account the roles compute\.editor and vpc\.user/],
    ['no capacity in the zone', { noCapacity: true }, /Not enough resources in zone ru-central1-a.*choose another zone/],
    ['a failed operation', { failOperation: true }, /operation fhmop.*Internal error while creating the instance \(code 13\)\. Retry the job/],
  ])('stops on %s with the API message and what to do', async (_name, faults, message) => {
    standin.faults = faults;
    await expect(driver().create(request('vm2', '10.128.0.11'), log)).rejects.toThrow(message);
    expect(await driver().list(clusterId)).toEqual([]);
  });

  it('renews the IAM token before it expires, and after a 401', async () => {
    const short = new YandexCloudStandin({ folderId: machines.folderId, subnets: [], keys: { ajekeyid0001: { serviceAccountId: 'ajesa0000001', publicKey } }, tokenLifetimeMs: 10 * 60_000 });
    const e = await short.start();
    try {
      let clock = Date.now();
      const d = new YandexDriver(parseYandexCredential(keyJson), machines, { endpoints: e, ...fast, now: () => clock });
      await d.list(clusterId);
      clock += 4 * 60_000;
      await d.list(clusterId);
      expect(short.issuedTokens.length).toBe(1);
      // Valid for 10 min: renewed once less than 5 min are left.
      clock += 2 * 60_000;
      await d.list(clusterId);
      expect(short.issuedTokens.length).toBe(2);
      // Revoked early (the driver still thinks it valid): the 401 makes it exchange a new one, once, and go on.
      short.issuedTokens.forEach((t) => (t.expiresAt = 0));
      await d.list(clusterId);
      expect(short.issuedTokens.length).toBe(3);
      expect(short.issuedTokens.every((t) => t.via === 'jwt')).toBe(true);
    } finally {
      await short.stop();
    }
  });

  it('logs in with an OAuth token too', async () => {
    const d = driver(parseYandexCredential('y0_AgAAAAB1234567890abcdefghij'));
    expect(await d.list(clusterId)).toEqual([]);
    expect(standin.issuedTokens.some((t) => t.via === 'oauth')).toBe(true);
  });
});

describe('requests match the documented shapes', () => {
  it('every body sent to the stand-in is a documented request', () => {
    const bodies = standin.requests.filter((r) => r.body !== undefined && !(r.method === 'POST' && r.path.endsWith(':start')));
    expect(bodies.length).toBeGreaterThan(0);
    for (const r of bodies) {
      const schema = r.path === '/iam/v1/tokens' ? createTokenRequest : r.path === '/compute/v1/instances' ? createInstanceRequest : null;
      expect(schema, `${r.method} ${r.path}`).not.toBeNull();
      expect(schema?.safeParse(r.body).success, `${r.method} ${r.path}`).toBe(true);
    }
    // Only documented paths were asked for, with a token everywhere but the token exchange.
    for (const r of standin.requests) {
      expect(r.path).toMatch(/^\/(iam\/v1\/tokens|resource-manager\/v1\/folders\/[^/]+|vpc\/v1\/subnets\/[^/]+|compute\/v1\/images:latestByFamily\?folderId=standard-images&family=[a-z0-9-]+|compute\/v1\/instances(\?folderId=[^&]+&pageSize=1000|\/[a-z0-9]+)?|operations\/[a-z0-9]+)$/);
      expect(r.authorized || r.path === '/iam/v1/tokens').toBe(true);
    }
  });

  it('a create request without a public address or core fraction leaves those fields out', () => {
    const body = createRequest(request('vm3', '10.128.0.12'), { ...machines, publicIp: false }, 'fd8image');
    expect(createInstanceRequest.parse(body).networkInterfaceSpecs[0]?.primaryV4AddressSpec).toEqual({ address: '10.128.0.12' });
    expect(body.resourcesSpec).toEqual({ memory: '8589934592', cores: '4' });
    expect(() => createInstanceRequest.parse({ ...body, flavour: 'x' })).toThrow();
  });
  it('lists the zones and the folder\'s subnets for "Test credentials", with the documented paths and paging', async () => {
    const d = driver();
    expect((await d.zones()).map((z) => z.id)).toEqual(['ru-central1-a', 'ru-central1-b', 'ru-central1-d']);
    expect(await d.subnets()).toEqual([{ id: 'e9bsubnet001', name: 'default-ru-central1-a', zone: 'ru-central1-a', cidrs: ['10.128.0.0/24'] }]);
    const paths = standin.requests.map((r) => r.path);
    expect(paths).toContain('/compute/v1/zones?pageSize=1000');
    expect(paths).toContain(`/vpc/v1/subnets?folderId=${machines.folderId}&pageSize=1000`);
    await expect(driver(undefined, { ...machines, folderId: 'b1gmissing' }).subnets()).rejects.toThrow(/listing the subnets of folder b1gmissing failed: Permission denied.*compute\.editor and vpc\.user on folder b1gmissing/);
  });
});
