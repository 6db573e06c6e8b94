import type { ValidationIssue } from '../schema';
import type { Rule } from './facts';
import { issue, show } from './format';

/** Override fields that only one driver knows. */
const YANDEX_ONLY = ['zone', 'subnetId', 'image', 'publicIp'];
/** pgcascade's own libvirt network: VMs get addresses here unless the topology names another network. */
export const LIBVIRT_MANAGED_PREFIX = '10.79.0.';

/** `machines` needs the ssh provider; node overrides must fit the driver; libvirt addresses fit the managed network. */
export const checkMachines: Rule = (t) => {
  const issues: ValidationIssue[] = [];
  if (t.machines === undefined) {
    for (const node of t.nodes) {
      if (node.machineKeys.length > 0 || node.machineOff)
        issues.push(issue(['nodes', node.at, 'machine'], `only applies with machines: add machines to the cluster, or remove machine from ${node.name === undefined ? `nodes.${node.at}` : show(node.name)}`));
    }
    return issues;
  }
  if (t.provider !== undefined && t.provider !== 'ssh')
    issues.push(issue(['provider'], 'must be ssh with machines: pgcascade reaches the VMs it creates over SSH'));
  const driver = t.machines.driver;
  for (const node of t.nodes) {
    if (driver === 'libvirt') {
      for (const key of node.machineKeys.filter((k) => YANDEX_ONLY.includes(k)))
        issues.push(issue(['nodes', node.at, 'machine', key], `is a Yandex Cloud setting; the libvirt driver has no ${key}: remove it`));
      if (!node.machineOff && t.machines.network === undefined && node.address !== undefined && !isManagedAddress(node.address))
        issues.push(issue(['nodes', node.at, 'address'], `must be in 10.79.0.0/24 (10.79.0.10 to 10.79.0.250), pgcascade's libvirt network, or be left out so pgcascade chooses one`));
    }
  }
  if (t.nodes.length > 0 && t.nodes.every((n) => n.machineOff))
    issues.push(issue(['machines'], 'every node has machine: false, so no VM would be created: remove machines or let a node have a VM'));
  return issues;
};

export function isManagedAddress(address: string): boolean {
  if (!address.startsWith(LIBVIRT_MANAGED_PREFIX)) return false;
  const last = address.slice(LIBVIRT_MANAGED_PREFIX.length);
  return /^\d{1,3}$/.test(last) && Number(last) >= 10 && Number(last) <= 250;
}
