import type { YandexMachines } from '@/lib/topology/machines';
import { CLUSTER_LABEL } from '@/lib/objects/machine';
import { MachineError, type LiveMachine, type MachineDriver, type MachineLog, type MachineRequest } from '../types';
import { YandexApi, YandexApiError, type YandexApiOptions } from './api';
import type { YandexCredential } from './auth';
import { folder, image, instance, listInstancesResponse, listSubnetsResponse, listZonesResponse, operation, subnet, type CreateInstanceRequest, type Instance } from './shapes';

const GB = 1024 ** 3;
/** Where Yandex keeps its public images (ubuntu-2204-lts and the other families). */
export const STANDARD_IMAGES_FOLDER = 'standard-images';

const STATUS: Record<string, LiveMachine['status']> = {
  RUNNING: 'running',
  PROVISIONING: 'starting',
  STARTING: 'starting',
  RESTARTING: 'starting',
  UPDATING: 'starting',
  STOPPING: 'stopped',
  STOPPED: 'stopped',
  DELETING: 'deleting',
  ERROR: 'error',
  CRASHED: 'error',
};

function live(i: Instance): LiveMachine {
  const address = i.networkInterfaces?.[0]?.primaryV4Address;
  return { id: i.id, name: i.name ?? i.id, labels: i.labels ?? {}, status: STATUS[i.status] ?? 'error', detail: i.status, internalAddress: address?.address ?? null, publicAddress: address?.oneToOneNat?.address ?? null };
}

/** Whether an IPv4 address lies in a CIDR block. */
export function inCidr(address: string, cidr: string): boolean {
  const toInt = (a: string) => a.split('.').reduce((n, part) => n * 256 + Number(part), 0);
  const [base, bits] = cidr.split('/');
  if (!base || bits === undefined) return false;
  const mask = Number(bits) === 0 ? 0 : 2 ** 32 - 2 ** (32 - Number(bits));
  return (toInt(address) & mask) >>> 0 === (toInt(base) & mask) >>> 0;
}

/** The documented create request for one VM: labels, the node's resources, the image, its planned address, cloud-init. */
export function createRequest(r: MachineRequest, m: YandexMachines, imageId: string): CreateInstanceRequest {
  return {
    folderId: m.folderId,
    name: r.vmName,
    description: `pgcascade node ${r.node}`,
    labels: r.labels,
    zoneId: m.zone,
    platformId: m.resources.platform ?? 'standard-v3',
    resourcesSpec: { memory: String(Math.round(m.resources.memoryGb * GB)), cores: String(m.resources.cores), ...(m.resources.coreFraction ? { coreFraction: String(m.resources.coreFraction) } : {}) },
    metadata: { 'user-data': r.userData },
    bootDiskSpec: { autoDelete: true, diskSpec: { size: String(m.resources.diskGb * GB), imageId } },
    networkInterfaceSpecs: [{ subnetId: m.subnetId, primaryV4AddressSpec: { address: r.address, ...(m.publicIp ? { oneToOneNatSpec: { ipVersion: 'IPV4' as const } } : {}) } }],
    hostname: r.vmName,
  };
}

/** VMs in one Yandex Cloud folder through the public REST API. */
export class YandexDriver implements MachineDriver {
  readonly label: string;
  readonly api: YandexApi;

  constructor(
    credential: YandexCredential,
    private readonly m: YandexMachines,
    options: Omit<YandexApiOptions, 'folderId'> = {},
  ) {
    this.api = new YandexApi(credential, { ...options, folderId: m.folderId });
    this.label = `Yandex Cloud folder ${m.folderId}`;
  }

  private async imageId(m: YandexMachines): Promise<string> {
    if ('id' in m.image) return (await this.api.call('GET', 'compute', `/compute/v1/images/${encodeURIComponent(m.image.id)}`, `image ${m.image.id}`, image)).id;
    const q = new URLSearchParams({ folderId: m.image.folderId ?? STANDARD_IMAGES_FOLDER, family: m.image.family });
    return (await this.api.call('GET', 'compute', `/compute/v1/images:latestByFamily?${q}`, `the latest image of family ${m.image.family}`, image)).id;
  }

  async preflight(requests: readonly MachineRequest[]): Promise<string[]> {
    const problems: string[] = [];
    try {
      await this.api.call('GET', 'resourceManager', `/resource-manager/v1/folders/${encodeURIComponent(this.m.folderId)}`, `folder ${this.m.folderId}`, folder);
    } catch (err) {
      // Without the folder (or with refused credentials) nothing else can be checked.
      return [(err as Error).message];
    }
    const machines = requests.map((r) => r.machine).filter((m): m is YandexMachines => m.driver === 'yandex-cloud');
    const subnets = new Map<string, { zone: string; addresses: string[] }>();
    requests.forEach((r, i) => {
      const m = machines[i] as YandexMachines;
      const s = subnets.get(m.subnetId) ?? { zone: m.zone, addresses: [] };
      s.addresses.push(`${r.node} ${r.address}`);
      subnets.set(m.subnetId, s);
    });
    for (const [id, want] of subnets) {
      try {
        const s = await this.api.call('GET', 'vpc', `/vpc/v1/subnets/${encodeURIComponent(id)}`, `subnet ${id}`, subnet);
        if (s.zoneId !== want.zone) problems.push(`subnet ${id} is in zone ${s.zoneId}, the VMs are to be created in ${want.zone}: use a subnet of ${want.zone} or set the zone to ${s.zoneId}`);
        for (const entry of want.addresses) {
          const address = entry.split(' ')[1] as string;
          if (!(s.v4CidrBlocks ?? []).some((c) => inCidr(address, c))) problems.push(`${entry.split(' ')[0]}'s address ${address} is outside subnet ${id} (${(s.v4CidrBlocks ?? []).join(', ')}): leave the address out so pgcascade chooses one`);
        }
      } catch (err) {
        problems.push((err as Error).message);
      }
    }
    const images = new Map(machines.map((m) => [JSON.stringify(m.image), m]));
    for (const m of images.values()) {
      try {
        await this.imageId(m);
      } catch (err) {
        problems.push((err as Error).message);
      }
    }
    return problems;
  }

  /** The availability zones the credentials may use (Zone.List), for the wizard's "Test credentials". */
  async zones(): Promise<Array<{ id: string; status: string | null }>> {
    const found: Array<{ id: string; status: string | null }> = [];
    let pageToken: string | undefined;
    do {
      const q = new URLSearchParams({ pageSize: '1000', ...(pageToken ? { pageToken } : {}) });
      const page = await this.api.call('GET', 'compute', `/compute/v1/zones?${q}`, 'listing the availability zones', listZonesResponse);
      for (const z of page.zones ?? []) found.push({ id: z.id, status: z.status ?? null });
      pageToken = page.nextPageToken || undefined;
    } while (pageToken);
    return found;
  }

  /** The folder's subnets with their zone and address ranges (Subnet.List). */
  async subnets(): Promise<Array<{ id: string; name: string | null; zone: string; cidrs: string[] }>> {
    const found: Array<{ id: string; name: string | null; zone: string; cidrs: string[] }> = [];
    let pageToken: string | undefined;
    do {
      const q = new URLSearchParams({ folderId: this.m.folderId, pageSize: '1000', ...(pageToken ? { pageToken } : {}) });
      const page = await this.api.call('GET', 'vpc', `/vpc/v1/subnets?${q}`, `listing the subnets of folder ${this.m.folderId}`, listSubnetsResponse);
      for (const s of page.subnets ?? []) found.push({ id: s.id, name: s.name ?? null, zone: s.zoneId, cidrs: s.v4CidrBlocks ?? [] });
      pageToken = page.nextPageToken || undefined;
    } while (pageToken);
    return found;
  }

  async list(clusterId: string): Promise<LiveMachine[]> {
    const found: LiveMachine[] = [];
    let pageToken: string | undefined;
    do {
      const q = new URLSearchParams({ folderId: this.m.folderId, pageSize: '1000', ...(pageToken ? { pageToken } : {}) });
      const page = await this.api.call('GET', 'compute', `/compute/v1/instances?${q}`, `listing the VMs of folder ${this.m.folderId}`, listInstancesResponse);
      // Labels cannot be filtered on in the API: only VMs with this cluster's label are pgcascade's.
      for (const i of page.instances ?? []) if (i.labels?.[CLUSTER_LABEL] === clusterId) found.push(live(i));
      pageToken = page.nextPageToken || undefined;
    } while (pageToken);
    return found;
  }

  async create(r: MachineRequest, log: MachineLog): Promise<LiveMachine> {
    if (r.machine.driver !== 'yandex-cloud') throw new Error(`${r.node} is not a Yandex Cloud machine`);
    const imageId = await this.imageId(r.machine);
    log(`POST compute/v1/instances: ${r.vmName} in ${r.machine.zone}, image ${imageId}, address ${r.address}${r.machine.publicIp ? ' and a public address' : ''}`);
    const op = await this.api.call('POST', 'compute', '/compute/v1/instances', `creating VM ${r.vmName}`, operation, createRequest(r, r.machine, imageId));
    log(`operation ${op.id}: waiting for it to finish`);
    const done = await this.api.wait(op, `creating VM ${r.vmName}`);
    const id = String(done.response?.id ?? done.metadata?.instanceId ?? '');
    const created = await this.api.call('GET', 'compute', `/compute/v1/instances/${encodeURIComponent(id)}`, `VM ${r.vmName}`, instance);
    return live(created);
  }

  async start(machine: LiveMachine, log: MachineLog): Promise<void> {
    log(`POST compute/v1/instances/${machine.id}:start`);
    await this.api.wait(await this.api.call('POST', 'compute', `/compute/v1/instances/${encodeURIComponent(machine.id)}:start`, `starting VM ${machine.name}`, operation, {}), `starting VM ${machine.name}`);
  }

  async delete(machine: LiveMachine, log: MachineLog): Promise<void> {
    if (!machine.labels[CLUSTER_LABEL]) throw new MachineError(`VM ${machine.name} has no ${CLUSTER_LABEL} label`, 'pgcascade deletes only VMs it created; delete it yourself if it must go');
    log(`DELETE compute/v1/instances/${machine.id} (${machine.name}, its boot disk is deleted with it)`);
    try {
      await this.api.wait(await this.api.call('DELETE', 'compute', `/compute/v1/instances/${encodeURIComponent(machine.id)}`, `deleting VM ${machine.name}`, operation), `deleting VM ${machine.name}`);
    } catch (err) {
      if (err instanceof YandexApiError && err.rpcCode === 5) return; // already gone
      throw err;
    }
  }
}
