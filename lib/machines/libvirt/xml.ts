import { createHash } from 'node:crypto';
import type { LibvirtMachines } from '@/lib/topology/machines';

/** pgcascade's own libvirt network: NAT, 10.79.0.0/24, static DHCP hosts for the VMs it creates. */
export const MANAGED_NETWORK = { name: 'pgcascade', bridge: 'pgcascade0', gateway: '10.79.0.1', netmask: '255.255.255.0', rangeStart: '10.79.0.10', rangeEnd: '10.79.0.250' };
/** The namespace of the metadata element that labels a domain as pgcascade's. */
export const METADATA_NS = 'https://pgcascade.dev/xmlns/machine/1';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export function networkXml(): string {
  const n = MANAGED_NETWORK;
  return `<network>
  <name>${n.name}</name>
  <forward mode='nat'/>
  <bridge name='${n.bridge}' stp='on' delay='0'/>
  <ip address='${n.gateway}' netmask='${n.netmask}'>
    <dhcp>
      <range start='${n.rangeStart}' end='${n.rangeEnd}'/>
    </dhcp>
  </ip>
</network>
`;
}

/** A stable locally administered MAC per VM name (52:54:00 is QEMU's prefix), so its DHCP host entry gives its address. */
export function macFor(vmName: string): string {
  const h = createHash('sha256').update(vmName).digest();
  return `52:54:00:${[h[0], h[1], h[2]].map((b) => (b as number).toString(16).padStart(2, '0')).join(':')}`;
}

export function dhcpHostXml(vmName: string, address: string): string {
  return `<host mac='${macFor(vmName)}' name='${esc(vmName)}' ip='${address}'/>`;
}

export interface DomainFiles {
  disk: string;
  seed: string;
  console: string;
  kernel: string;
  initrd: string;
}

/**
 * One VM: the Debian image's kernel booted directly (no boot loader), its copy-on-write disk, the NoCloud seed,
 * one NIC on the network, the serial console in a file. `type` is `kvm`, or `qemu` for emulation (TCG).
 */
export function domainXml(o: { vmName: string; clusterId: string; node: string; machine: LibvirtMachines; files: DomainFiles; type: 'kvm' | 'qemu'; network: string }): string {
  const memoryMib = Math.round(o.machine.resources.memoryGb * 1024);
  return `<domain type='${o.type}'>
  <name>${esc(o.vmName)}</name>
  <description>pgcascade node ${esc(o.node)} of cluster ${esc(o.clusterId)}</description>
  <metadata>
    <pgcascade:machine xmlns:pgcascade='${METADATA_NS}' cluster='${esc(o.clusterId)}' node='${esc(o.node)}'/>
  </metadata>
  <memory unit='MiB'>${memoryMib}</memory>
  <vcpu>${o.machine.resources.cores}</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>${esc(o.files.kernel)}</kernel>
    <initrd>${esc(o.files.initrd)}</initrd>
    <cmdline>root=/dev/vda rw console=ttyS0 net.ifnames=0</cmdline>
  </os>
  <features><acpi/></features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='${esc(o.files.disk)}'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <source file='${esc(o.files.seed)}'/>
      <target dev='hdc' bus='ide'/>
      <readonly/>
    </disk>
    <interface type='network'>
      <source network='${esc(o.network)}'/>
      <mac address='${macFor(o.vmName)}'/>
      <model type='virtio'/>
    </interface>
    <serial type='file'>
      <source path='${esc(o.files.console)}'/>
      <target port='0'/>
    </serial>
    <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>
  </devices>
</domain>
`;
}

/** The cluster and node a domain's metadata names, or null for a domain pgcascade did not create. */
export function parseMetadata(xml: string): { cluster: string; node: string } | null {
  const m = /<(?:\w+:)?machine\b[^>]*>/.exec(xml);
  if (!m) return null;
  const attr = (name: string) => new RegExp(`\\b${name}=['"]([^'"]*)['"]`).exec(m[0])?.[1];
  const cluster = attr('cluster');
  const node = attr('node');
  return cluster && node ? { cluster, node } : null;
}
