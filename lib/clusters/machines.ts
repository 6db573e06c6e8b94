import 'server-only';
import { getDb } from '@/lib/db/client';
import { listClusters } from '@/lib/db/repositories/clusters';
import { loadSecrets } from '@/lib/db/repositories/secrets';
import { machineFor, MACHINE_USER } from '@/lib/objects/machine';
import { isManagedAddress } from '@/lib/topology/rules/machines';
import type { Topology } from '@/lib/topology/schema';
import { generateEd25519, hostKeyName, hostKeyPublicName, LOGIN_KEY, LOGIN_KEY_PUBLIC } from '@/lib/machines/keys';
import { machineDriver } from '@/lib/machines/drivers';
import type { YandexDriver } from '@/lib/machines/yandex/driver';
import { inCidr } from '@/lib/machines/yandex/driver';
import { subnet as subnetShape } from '@/lib/machines/yandex/shapes';

const sshSecret = (node: string) => `ssh:${node}:privateKey`;

/** Addresses other clusters' libvirt VMs have on the managed network (one network on this host for every cluster). */
async function libvirtTaken(clusterId: string): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const c of await listClusters(await getDb())) {
    if (c.id === clusterId || c.status === 'destroyed' || c.topology.machines?.driver !== 'libvirt') continue;
    for (const n of c.topology.nodes) if (n.address) taken.add(n.address);
  }
  return taken;
}

/** The next free addresses of a Yandex subnet: its CIDR from the API, minus what other VMs in the folder hold. */
async function yandexFree(t: Topology, count: number, taken: Set<string>): Promise<string[]> {
  if (t.machines?.driver !== 'yandex-cloud') return [];
  const driver = (await machineDriver(await getDb(), t.machines)) as YandexDriver;
  const s = await driver.api.call('GET', 'vpc', `/vpc/v1/subnets/${encodeURIComponent(t.machines.subnetId)}`, `subnet ${t.machines.subnetId}`, subnetShape);
  const cidr = s.v4CidrBlocks?.[0];
  if (!cidr) return [];
  const [base] = cidr.split('/');
  const parts = (base ?? '').split('.').map(Number);
  const out: string[] = [];
  // Yandex keeps the first addresses of a subnet for itself (gateway, DNS): start at .10.
  for (let i = 10; i < 250 && out.length < count; i++) {
    const a = `${parts[0]}.${parts[1]}.${parts[2]}.${(parts[3] ?? 0) + i}`;
    if (inCidr(a, cidr) && !taken.has(a)) out.push(a);
  }
  return out;
}

/**
 * Before a topology with `machines` is planned: each VM node gets its address (chosen once, then saved), pgcascade's
 * login, and the keys cloud-init gives the VM (the panel's login key, the VM's own host key), generated once and
 * kept with the cluster's encrypted secrets. Existing hosts (`machine: false`) are left as they are.
 */
export async function prepareMachines(clusterId: string, input: Topology, stored: boolean, saved?: Topology): Promise<{ topology: Topology; secrets: Record<string, string> }> {
  if (!input.machines) return { topology: input, secrets: {} };
  // A node keeps the address it was given (its VM has it), even when a changed topology leaves it out.
  const machines = input.machines;
  const t: Topology = { ...input, machines, nodes: input.nodes.map((n) => (n.address || !saved ? n : { ...n, ...(saved.nodes.find((x) => x.name === n.name)?.address ? { address: saved.nodes.find((x) => x.name === n.name)?.address } : {}) })) };
  const existing = stored ? await loadSecrets(await getDb(), clusterId) : {};
  const secrets: Record<string, string> = {};
  const get = (name: string) => existing[name] ?? secrets[name];
  if (!get(LOGIN_KEY)) {
    const k = generateEd25519();
    secrets[LOGIN_KEY] = k.privateKey;
    secrets[LOGIN_KEY_PUBLIC] = k.publicKey;
  }
  const vms = t.nodes.filter((n) => machineFor(t, n));
  const taken = new Set([...t.nodes.flatMap((n) => (n.address ? [n.address] : [])), ...(machines.driver === 'libvirt' ? await libvirtTaken(clusterId) : [])]);
  const missing = vms.filter((n) => !n.address).length;
  const free =
    machines.driver === 'libvirt'
      ? Array.from({ length: 241 }, (_, i) => `10.79.0.${i + 10}`).filter((a) => isManagedAddress(a) && !taken.has(a))
      : missing > 0
        ? await yandexFree(t, missing, taken)
        : [];
  const nodes = t.nodes.map((n) => {
    if (!machineFor(t, n)) return n;
    if (!get(hostKeyName(n.name))) {
      const k = generateEd25519();
      secrets[hostKeyName(n.name)] = k.privateKey;
      secrets[hostKeyPublicName(n.name)] = k.publicKey;
    }
    secrets[sshSecret(n.name)] = get(LOGIN_KEY) as string;
    const address = n.address ?? free.shift();
    if (!address) throw new Error(`no free address is left for ${n.name} in ${t.machines?.driver === 'libvirt' ? '10.79.0.0/24' : 'the subnet'}: give the node an address`);
    return { ...n, address, ssh: { ...n.ssh, user: MACHINE_USER } };
  });
  return { topology: { ...t, nodes }, secrets };
}
