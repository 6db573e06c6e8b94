import 'server-only';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, statfs, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { LibvirtMachines } from '@/lib/topology/machines';
import { MachineError, type LiveMachine, type MachineDriver, type MachineLog, type MachineRequest } from '../types';
import { dhcpHostXml, domainXml, macFor, MANAGED_NETWORK, METADATA_NS, networkXml, parseMetadata, type DomainFiles } from './xml';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const GB = 1024 ** 3;

export interface LibvirtOptions {
  /** Where the Debian base image is built and cached. */
  imageDir?: string;
  /** Where each VM's disk, seed and console file go. */
  vmDir?: string;
  /** `kvm`, `qemu` (emulation), or `auto`: KVM when it boots here, else emulation. */
  domainType?: 'kvm' | 'qemu' | 'auto';
  /** The image build script (scripts/build-debian-image.sh). */
  buildScript?: string;
}

/** One image build per process at a time: VMs created at once wait for the same build. */
const builds = new Map<string, Promise<void>>();
/** VMs created at once set the network up once. */
let networkReady: Promise<void> | null = null;

/** VMs on a libvirt host through virsh: a cached Debian 12 image, copy-on-write disks, NoCloud seeds, a NAT network. */
export class LibvirtDriver implements MachineDriver {
  readonly label: string;
  private readonly imageDir: string;
  private readonly vmDir: string;
  private decidedType: 'kvm' | 'qemu' | null = null;

  constructor(
    private readonly m: LibvirtMachines,
    private readonly o: LibvirtOptions = {},
  ) {
    this.label = `libvirt at ${m.uri}`;
    this.imageDir = o.imageDir ?? process.env.PGCASCADE_IMAGE_DIR ?? '/var/lib/pgcascade/images';
    this.vmDir = o.vmDir ?? process.env.PGCASCADE_VM_DIR ?? '/var/lib/libvirt/images/pgcascade';
  }

  private get network(): string {
    return this.m.network ?? MANAGED_NETWORK.name;
  }

  async virsh(args: string[], options: { allowFailure?: boolean; input?: string } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run('virsh', ['-c', this.m.uri, ...args], { maxBuffer: 16 * 1024 * 1024, timeout: 10 * 60_000 });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code?: number | string; stdout?: string; stderr?: string; message: string };
      if (e.code === 'ENOENT') throw new MachineError('virsh is not installed on this machine', 'Install libvirt-clients (apt-get install libvirt-daemon-system)');
      // libvirtd here can take a minute per define, and serialises them: a killed virsh says nothing on stderr.
      if (options.allowFailure) return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? e.message };
      throw new MachineError(`virsh ${args.join(' ')} failed: ${(e.stderr || e.message).trim()}`, 'Check that libvirtd runs and this user may manage it (qemu:///system needs root or the libvirt group)');
    }
  }

  private files(vmName: string): DomainFiles {
    return { disk: path.join(this.vmDir, `${vmName}.qcow2`), seed: path.join(this.vmDir, `${vmName}-seed.iso`), console: path.join(this.vmDir, `${vmName}-console.log`), kernel: path.join(this.baseDir, 'vmlinuz'), initrd: path.join(this.baseDir, 'initrd.img') };
  }

  private get baseDir(): string {
    return this.m.baseImage ? path.dirname(this.m.baseImage) : path.join(this.imageDir, 'debian-12');
  }

  private get baseImage(): string {
    return this.m.baseImage ?? path.join(this.baseDir, 'rootfs.qcow2');
  }

  async preflight(requests: readonly MachineRequest[]): Promise<string[]> {
    if (!this.m.uri.startsWith('qemu:///')) return [`${this.m.uri}: pgcascade creates VMs only on this machine's libvirt for now (qemu:///system); run the panel on the hypervisor host`];
    const version = await this.virsh(['version'], { allowFailure: true });
    if (version.code !== 0) return [`libvirt at ${this.m.uri} does not answer: ${version.stderr.trim()}. Start libvirtd (systemctl start libvirtd) and check the URI`];
    const problems: string[] = [];
    const memory = requests.reduce((sum, r) => sum + r.machine.resources.memoryGb, 0);
    const free = await freeMemoryGb();
    if (free !== null && free < memory + 0.5) problems.push(`the host has ${free.toFixed(1)} GB of memory available, the ${requests.length} VMs need ${memory} GB: give them less memory (machines.resources.memoryGb) or free memory on the host`);
    await mkdir(this.vmDir, { recursive: true });
    const disk = await freeDiskGb(this.vmDir);
    // Copy-on-write disks grow as the guest writes; the base image is built once (about 1 GB).
    const needed = 2 + requests.length * 2;
    if (disk < needed) problems.push(`${this.vmDir} has ${disk.toFixed(1)} GB free, creating ${requests.length} VMs needs at least ${needed} GB: free disk space on the host`);
    if (!this.m.baseImage) {
      for (const tool of ['debootstrap', 'qemu-img', 'genisoimage', 'mkfs.ext4']) if (!(await which(tool))) problems.push(`${tool} is not installed: apt-get install debootstrap qemu-utils genisoimage e2fsprogs (pgcascade builds its Debian 12 image with them)`);
    } else if (!existsSync(this.m.baseImage)) problems.push(`the base image ${this.m.baseImage} does not exist: build it, or leave machines.baseImage out so pgcascade builds one`);
    if (this.m.network && (await this.virsh(['net-info', this.m.network], { allowFailure: true })).code !== 0) problems.push(`the libvirt network ${this.m.network} does not exist: create it, or leave machines.network out so pgcascade manages its own`);
    return problems;
  }

  /**
   * The wizard's connection check: whether libvirt answers at the URI (its version), the host's free memory and
   * the free disk where VM disks go, and pre-flight's problems for creating no VM yet (tools, base image, network).
   */
  async hostCheck(): Promise<{ answered: boolean; version: string | null; freeMemoryGb: number | null; freeDiskGb: number | null; diskPath: string; problems: string[] }> {
    const version = await this.virsh(['version'], { allowFailure: true });
    const diskPath = await nearestExisting(this.vmDir);
    if (version.code !== 0) {
      // virsh says "error: failed to connect to the hypervisor" first; the line after it is the reason.
      const lines = version.stderr.split('\n').map((l) => l.replace(/^error:\s*/, '').trim()).filter((l) => l && !/^failed to connect to the hypervisor$/.test(l));
      const reason = lines.join('; ') || `virsh exited with ${version.code}`;
      const fix = this.m.uri.startsWith('qemu:///') ? 'Start libvirtd (systemctl start libvirtd) and check the URI' : 'Check the URI and that the host answers SSH from this machine and runs libvirtd';
      return { answered: false, version: null, freeMemoryGb: null, freeDiskGb: null, diskPath, problems: [`libvirt at ${this.m.uri} does not answer: ${reason}. ${fix}`] };
    }
    const problems = await this.preflight([]);
    return { answered: true, version: /Running hypervisor:\s*(.+)/.exec(version.stdout)?.[1]?.trim() ?? version.stdout.trim().split('\n')[0] ?? null, freeMemoryGb: await freeMemoryGb(), freeDiskGb: await freeDiskGb(diskPath), diskPath, problems };
  }

  async list(clusterId: string): Promise<LiveMachine[]> {
    const names = (await this.virsh(['list', '--all', '--name'])).stdout.split('\n').map((s) => s.trim()).filter((s) => s.startsWith('pgcascade-'));
    const found: LiveMachine[] = [];
    for (const name of names) {
      const meta = parseMetadata((await this.virsh(['metadata', name, METADATA_NS], { allowFailure: true })).stdout);
      if (!meta || meta.cluster !== clusterId) continue;
      const state = (await this.virsh(['domstate', name], { allowFailure: true })).stdout.trim();
      found.push({ id: name, name, labels: { 'pgcascade-cluster': meta.cluster, 'pgcascade-node': meta.node }, status: state === 'running' ? 'running' : state === 'shut off' ? 'stopped' : state === 'crashed' ? 'error' : 'starting', detail: state, internalAddress: await this.leaseOf(name), publicAddress: null });
    }
    return found;
  }

  /** The address the network's DHCP server gave the VM (its lease), or null before it asked. */
  async leaseOf(vmName: string): Promise<string | null> {
    const out = (await this.virsh(['net-dhcp-leases', this.network, '--mac', macFor(vmName)], { allowFailure: true })).stdout;
    return /(\d+\.\d+\.\d+\.\d+)\/\d+/.exec(out)?.[1] ?? null;
  }

  private async ensureNetwork(log: MachineLog): Promise<void> {
    if (this.m.network) return;
    const ready = (networkReady ?? Promise.resolve()).then(() => this.defineNetwork(log));
    networkReady = ready.catch(() => undefined);
    await ready;
  }

  private async defineNetwork(log: MachineLog): Promise<void> {
    const info = await this.virsh(['net-info', MANAGED_NETWORK.name], { allowFailure: true });
    if (info.code !== 0) {
      const file = path.join(this.vmDir, 'network.xml');
      await writeFile(file, networkXml());
      log(`virsh net-define ${file} (NAT network ${MANAGED_NETWORK.name}, 10.79.0.0/24)`);
      await this.virsh(['net-define', file]);
    }
    if (!/Active:\s+yes/.test(info.stdout)) await this.virsh(['net-start', MANAGED_NETWORK.name], { allowFailure: true });
  }

  private async ensureImage(log: MachineLog): Promise<void> {
    if (this.m.baseImage || existsSync(this.baseImage)) return;
    let build = builds.get(this.baseDir);
    if (!build) {
      const script = this.o.buildScript ?? path.join(process.cwd(), 'scripts/build-debian-image.sh');
      log(`building the Debian 12 base image in ${this.baseDir} with debootstrap (once; several minutes)`);
      build = run('bash', [script, this.baseDir], { maxBuffer: 64 * 1024 * 1024, timeout: 30 * 60_000 })
        .then(() => undefined)
        .catch((err: { stderr?: string; message: string }) => {
          throw new MachineError(`building the Debian 12 image failed: ${(err.stderr ?? err.message).trim().split('\n').slice(-5).join(' / ')}`, `Check that deb.debian.org (or the mirror) answers and that debootstrap runs as root; the log is the script's output`);
        })
        .finally(() => builds.delete(this.baseDir));
      builds.set(this.baseDir, build);
    }
    await build;
  }

  /** KVM when it was asked for or boots here; else emulation. Decided once per driver (the first VM's boot). */
  private async domainType(): Promise<'kvm' | 'qemu'> {
    const asked = this.o.domainType ?? (process.env.PGCASCADE_LIBVIRT_TYPE as LibvirtOptions['domainType']) ?? 'auto';
    if (asked !== 'auto') return asked;
    if (this.decidedType) return this.decidedType;
    const remembered = await readFile(path.join(this.vmDir, 'domain-type'), 'utf8').catch(() => null);
    if (remembered === 'kvm' || remembered === 'qemu') return remembered;
    return existsSync('/dev/kvm') ? 'kvm' : 'qemu';
  }

  async create(r: MachineRequest, log: MachineLog): Promise<LiveMachine> {
    if (r.machine.driver !== 'libvirt') throw new Error(`${r.node} is not a libvirt machine`);
    await mkdir(this.vmDir, { recursive: true });
    await this.ensureImage(log);
    await this.ensureNetwork(log);
    const f = this.files(r.vmName);
    await rm(f.disk, { force: true });
    log(`qemu-img create -f qcow2 -b ${this.baseImage} ${f.disk} ${r.machine.resources.diskGb}G (copy-on-write)`);
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', this.baseImage, f.disk, `${r.machine.resources.diskGb}G`]);
    await this.writeSeed(r, f.seed);
    if (!this.m.network) {
      await this.virsh(['net-update', MANAGED_NETWORK.name, 'delete', 'ip-dhcp-host', dhcpHostXml(r.vmName, r.address), '--live', '--config'], { allowFailure: true });
      await this.virsh(['net-update', MANAGED_NETWORK.name, 'add', 'ip-dhcp-host', dhcpHostXml(r.vmName, r.address), '--live', '--config']);
    }
    let type = await this.domainType();
    for (;;) {
      await rm(f.console, { force: true });
      const xmlFile = path.join(this.vmDir, `${r.vmName}.xml`);
      await writeFile(xmlFile, domainXml({ vmName: r.vmName, clusterId: r.clusterId, node: r.node, machine: r.machine, files: f, type, network: this.network }));
      await this.virsh(['define', xmlFile]);
      log(`virsh start ${r.vmName} (domain type ${type}: ${type === 'kvm' ? 'hardware virtualisation' : 'emulation (TCG), slower'})`);
      const started = await this.virsh(['start', r.vmName], { allowFailure: type === 'kvm' });
      if (type === 'qemu') break;
      // KVM may be unusable (no access to /dev/kvm), or a nested KVM guest hangs right after it starts: fall back
      // to emulation, and remember it for the next VMs.
      if (started.code !== 0) log(`KVM does not start here (${started.stderr.trim().split('\n').pop()}): switching ${r.vmName} to emulation (domain type qemu)`);
      else if (await this.kernelRuns(f.console)) break;
      else log(`the KVM guest printed nothing on its console within 45 s: switching ${r.vmName} to emulation (domain type qemu)`);
      await this.virsh(['destroy', r.vmName], { allowFailure: true });
      await this.virsh(['undefine', r.vmName], { allowFailure: true });
      type = 'qemu';
    }
    this.decidedType = type;
    await writeFile(path.join(this.vmDir, 'domain-type'), type).catch(() => undefined);
    return { id: r.vmName, name: r.vmName, labels: r.labels, status: 'running', detail: `running (${type})`, internalAddress: null, publicAddress: null };
  }

  private async kernelRuns(consoleFile: string): Promise<boolean> {
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline) {
      const text = await readFile(consoleFile, 'utf8').catch(() => '');
      if (/Linux version|Run \/init|systemd\[1\]/.test(text)) return true;
      await sleep(1000);
    }
    return false;
  }

  private async writeSeed(r: MachineRequest, seed: string): Promise<void> {
    const dir = `${seed}.d`;
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(path.join(dir, 'user-data'), r.userData, { mode: 0o600 });
    await writeFile(path.join(dir, 'meta-data'), `instance-id: ${r.vmName}\nlocal-hostname: ${r.vmName}\n`);
    await run('genisoimage', ['-quiet', '-output', seed, '-volid', 'cidata', '-joliet', '-rock', path.join(dir, 'user-data'), path.join(dir, 'meta-data')]);
    await rm(dir, { recursive: true, force: true });
  }

  async start(machine: LiveMachine, log: MachineLog): Promise<void> {
    log(`virsh start ${machine.name}`);
    await this.virsh(['start', machine.name]);
  }

  async delete(machine: LiveMachine, log: MachineLog): Promise<void> {
    const meta = parseMetadata((await this.virsh(['metadata', machine.name, METADATA_NS], { allowFailure: true })).stdout);
    if (!meta) throw new MachineError(`domain ${machine.name} has no pgcascade metadata`, 'pgcascade deletes only VMs it created; delete it yourself if it must go');
    log(`virsh destroy ${machine.name}; virsh undefine ${machine.name}; remove its disk, seed and console log`);
    await this.virsh(['destroy', machine.name], { allowFailure: true });
    await this.virsh(['undefine', machine.name], { allowFailure: true });
    const f = this.files(machine.name);
    if (!this.m.network) {
      const address = (await this.reservedAddress(machine.name)) ?? machine.internalAddress;
      if (address) await this.virsh(['net-update', MANAGED_NETWORK.name, 'delete', 'ip-dhcp-host', dhcpHostXml(machine.name, address), '--live', '--config'], { allowFailure: true });
    }
    await Promise.all([f.disk, f.seed, f.console, path.join(this.vmDir, `${machine.name}.xml`)].map((p) => rm(p, { force: true })));
  }

  private async reservedAddress(vmName: string): Promise<string | null> {
    const xml = (await this.virsh(['net-dumpxml', MANAGED_NETWORK.name], { allowFailure: true })).stdout;
    return new RegExp(`<host mac='${macFor(vmName)}'[^>]*ip='([^']+)'`).exec(xml)?.[1] ?? null;
  }

  /** Once no pgcascade VM is left on this host: the managed network goes too (its leases with it). */
  async cleanup(log: MachineLog): Promise<void> {
    if (this.m.network) return;
    const names = (await this.virsh(['list', '--all', '--name'])).stdout.split('\n').map((s) => s.trim()).filter(Boolean);
    for (const name of names) if (parseMetadata((await this.virsh(['metadata', name, METADATA_NS], { allowFailure: true })).stdout)) return;
    if ((await this.virsh(['net-info', MANAGED_NETWORK.name], { allowFailure: true })).code !== 0) return;
    log(`no pgcascade VM is left: virsh net-destroy ${MANAGED_NETWORK.name}; virsh net-undefine ${MANAGED_NETWORK.name}`);
    await this.virsh(['net-destroy', MANAGED_NETWORK.name], { allowFailure: true });
    await this.virsh(['net-undefine', MANAGED_NETWORK.name], { allowFailure: true });
    await rm(`/var/lib/libvirt/dnsmasq/${MANAGED_NETWORK.bridge}.status`, { force: true });
  }
}

async function freeMemoryGb(): Promise<number | null> {
  const text = await readFile('/proc/meminfo', 'utf8').catch(() => '');
  const kb = /MemAvailable:\s+(\d+)/.exec(text)?.[1];
  return kb ? Number(kb) / 1024 / 1024 : null;
}

async function freeDiskGb(dir: string): Promise<number> {
  const s = await statfs(dir);
  return (s.bavail * s.bsize) / GB;
}

/** The directory itself, or its nearest parent that exists (a check does not create the VM folder). */
async function nearestExisting(dir: string): Promise<string> {
  let d = dir;
  while (!existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

async function which(tool: string): Promise<boolean> {
  return run('sh', ['-c', `command -v ${tool}`]).then(() => true, () => false);
}
