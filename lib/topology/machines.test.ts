import { describe, expect, it } from 'vitest';
import { cluster, errorsOf, messagesAt } from './test-fixtures';
import { validateTopology } from './validate';

const yandex = { driver: 'yandex-cloud', credentialId: 'cred-1', folderId: 'b1gfolder', zone: 'ru-central1-a', subnetId: 'e9bsubnet', image: { family: 'ubuntu-2204-lts' }, resources: { cores: 4, memoryGb: 8, diskGb: 20, platform: 'standard-v3' }, publicIp: true };
const libvirt = { driver: 'libvirt', resources: { cores: 1, memoryGb: 1, diskGb: 8 } };
const vms = (machines: unknown, nodes?: unknown[]) => cluster({ provider: 'ssh', machines, ...(nodes ? { nodes } : {}) } as never);

describe('machines', () => {
  it('accepts the issue\'s Yandex Cloud and libvirt examples without addresses or logins', () => {
    expect(errorsOf(vms(yandex))).toEqual([]);
    const result = validateTopology(vms(libvirt));
    expect(result.ok && result.topology.machines).toMatchObject({ driver: 'libvirt', uri: 'qemu:///system' });
  });

  it('defaults the Yandex image to the ubuntu-2204-lts family', () => {
    const { image: _image, ...rest } = yandex;
    const result = validateTopology(vms(rest));
    expect(result.ok && result.topology.machines).toMatchObject({ image: { family: 'ubuntu-2204-lts' } });
  });

  it('requires the ssh provider', () => {
    expect(messagesAt(cluster({ machines: libvirt } as never), 'provider')).toEqual(['must be ssh with machines: pgcascade reaches the VMs it creates over SSH']);
  });

  it('reports each bad field with its path', () => {
    const bad = { ...yandex, folderId: 'has space', resources: { cores: 0, memoryGb: 8, diskGb: 2.5 } };
    const paths = errorsOf(vms(bad)).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['machines.folderId', 'machines.resources.cores', 'machines.resources.diskGb']));
    expect(errorsOf(vms({ driver: 'vmware' })).map((e) => e.path)).toContain('machines.driver');
    expect(messagesAt(vms({ ...libvirt, uri: 'http://x' }), 'machines.uri')[0]).toMatch(/libvirt URI/);
  });

  it('takes per-node overrides and existing hosts, each checked', () => {
    const nodes = [
      { name: 'vm1', port: 5432, machine: { resources: { cores: 2 } } },
      { name: 'vm2', port: 5432, machine: { zone: 'ru-central1-b' } },
      { name: 'vm3', port: 5432, machine: false, address: '10.77.0.11', ssh: { user: 'admin', credentialId: 'c' } },
      { name: 'vm4', port: 5432, machine: false },
    ];
    const errors = errorsOf(vms(libvirt, nodes));
    expect(errors.map((e) => e.path).sort()).toEqual(['nodes.1.machine.zone', 'nodes.3.address', 'nodes.3.ssh']);
    expect(errorsOf(vms(yandex, nodes.slice(0, 3)))).toEqual([]);
    expect(messagesAt(vms(libvirt, [{ name: 'vm1', port: 5432, machine: { resources: { cores: 100 } } }]), 'nodes.0.machine.resources.cores')).toEqual(['must be at most 64 cores']);
  });

  it('keeps libvirt addresses inside 10.79.0.0/24', () => {
    expect(messagesAt(vms(libvirt, [{ name: 'vm1', port: 5432, address: '192.168.1.5' }]), 'nodes.0.address')[0]).toMatch(/10\.79\.0\.0\/24/);
    expect(errorsOf(vms(libvirt, [{ name: 'vm1', port: 5432, address: '10.79.0.11' }]))).toEqual([]);
  });

  it('refuses machine settings without machines, and machines without a VM', () => {
    expect(messagesAt(cluster({ nodes: [{ name: 'vm1', port: 5432, machine: false }] } as never), 'nodes.0.machine')[0]).toMatch(/only applies with machines/);
    const none = [{ name: 'vm1', port: 5432, machine: false, address: 'db1', ssh: { user: 'a', credentialId: 'c' } }];
    expect(messagesAt(vms(libvirt, none), 'machines')[0]).toMatch(/no VM would be created/);
  });
});
