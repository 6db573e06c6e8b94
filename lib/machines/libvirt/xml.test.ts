import { describe, expect, it } from 'vitest';
import { userData } from '../cloud-init';
import { dhcpHostXml, domainXml, macFor, networkXml, parseMetadata } from './xml';

const machine = { driver: 'libvirt' as const, uri: 'qemu:///system', resources: { cores: 1, memoryGb: 1, diskGb: 8 } };
const files = { disk: '/v/a.qcow2', seed: '/v/a-seed.iso', console: '/v/a-console.log', kernel: '/i/vmlinuz', initrd: '/i/initrd.img' };

describe('libvirt XML', () => {
  it('labels the domain with its cluster and node, and reads them back', () => {
    const xml = domainXml({ vmName: 'pgcascade-3f2a9c4e-vm1', clusterId: 'c-1', node: 'vm1', machine, files, type: 'qemu', network: 'pgcascade' });
    expect(xml).toContain("<domain type='qemu'>");
    expect(xml).toContain("<memory unit='MiB'>1024</memory>");
    expect(xml).toContain(`<mac address='${macFor('pgcascade-3f2a9c4e-vm1')}'/>`);
    expect(parseMetadata(xml)).toEqual({ cluster: 'c-1', node: 'vm1' });
    expect(parseMetadata('<domain><name>someone-elses</name></domain>')).toBeNull();
  });

  it('gives each VM a stable MAC and a static DHCP host in 10.79.0.0/24', () => {
    expect(macFor('a')).toBe(macFor('a'));
    expect(macFor('a')).not.toBe(macFor('b'));
    expect(macFor('a')).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/);
    expect(dhcpHostXml('vm', '10.79.0.11')).toBe(`<host mac='${macFor('vm')}' name='vm' ip='10.79.0.11'/>`);
    expect(networkXml()).toContain("<ip address='10.79.0.1' netmask='255.255.255.0'>");
  });
});

describe('cloud-init user data', () => {
  it('makes the pgcascade login with the panel key only, and the host key pgcascade generated', () => {
    const text = userData('pgcascade-x-vm1', { loginPublicKey: 'ssh-ed25519 AAAAlogin panel\n', hostPrivateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nx\n-----END OPENSSH PRIVATE KEY-----\n', hostPublicKey: 'ssh-ed25519 AAAAhost' });
    expect(text.startsWith('#cloud-config\n')).toBe(true);
    const config = JSON.parse(text.slice('#cloud-config\n'.length)) as Record<string, unknown>;
    expect(config).toMatchObject({ hostname: 'pgcascade-x-vm1', ssh_pwauth: false, disable_root: true, ssh_genkeytypes: [], ssh_keys: { ed25519_public: 'ssh-ed25519 AAAAhost' } });
    expect(config.users).toEqual([expect.objectContaining({ name: 'pgcascade', sudo: 'ALL=(ALL) NOPASSWD:ALL', lock_passwd: true, ssh_authorized_keys: ['ssh-ed25519 AAAAlogin panel'] })]);
  });
});
