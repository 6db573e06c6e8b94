import { findMachine, diffMachine, machineFor, machineLabels, vmName } from '@/lib/objects/machine';
import { userData } from '@/lib/machines/cloud-init';
import { hostKeyName, hostKeyPublicName, LOGIN_KEY_PUBLIC } from '@/lib/machines/secret-names';
import { fingerprintOf } from '@/lib/hosts/host-keys';
import { scanHostKey } from '@/lib/hosts/host-key-scan';
import type { Machines } from '@/lib/topology/machines';
import type { MachineRequest } from '@/lib/machines/types';
import type { Step } from '@/lib/plan/types';
import { PreflightError, type MachineServices, type StepContext, type StepHandler } from '../step-context';
import { paramsOf, sleep } from './params';

const SSH_WAIT_MS = Number(process.env.PGCASCADE_MACHINE_WAIT_MS ?? 15 * 60_000);

function services(ctx: StepContext): MachineServices {
  if (!ctx.machines) throw new Error('this job was started without machine drivers: retry it from the panel');
  return ctx.machines;
}

function secret(ctx: StepContext, name: string): string {
  const value = ctx.secrets[name];
  if (!value) throw new Error(`the cluster's secret ${name} is missing: apply the cluster again from the panel, which generates it`);
  return value;
}

/** What the driver needs for one VM, cloud-init user data included (it holds the VM's host key: never logged). */
function request(ctx: StepContext, clusterId: string, node: string, machine: Machines, address: string): MachineRequest {
  const name = vmName(clusterId, node);
  return {
    clusterId,
    node,
    vmName: name,
    labels: machineLabels(clusterId, node),
    address,
    machine,
    userData: userData(name, { loginPublicKey: secret(ctx, LOGIN_KEY_PUBLIC), hostPrivateKey: secret(ctx, hostKeyName(node)), hostPublicKey: secret(ctx, hostKeyPublicName(node)) }),
  };
}

const addressOf = (ctx: StepContext, node: string) => ctx.topology.nodes.find((n) => n.name === node)?.address ?? '';

export const checkMachines: StepHandler = async (ctx, step) => {
  const p = paramsOf(step, 'check-machines');
  const driver = await services(ctx).driver(p.machines);
  const requests = p.nodes.map((node) => request(ctx, p.clusterId, node, machineFor(ctx.topology, node) ?? p.machines, addressOf(ctx, node)));
  const problems = await driver.preflight(requests);
  if (problems.length > 0) throw new PreflightError(problems.join('\n'));
  ctx.log('info', `${driver.label}: ready to create ${p.nodes.join(', ')}`);
  return 'unchanged';
};

export const createMachine: StepHandler = async (ctx, step) => {
  const p = paramsOf(step, 'create-machine');
  const driver = await services(ctx).driver(p.machine);
  const live = findMachine(await driver.list(p.clusterId), p.clusterId, step.node);
  const change = diffMachine(p, live);
  if (!change) {
    ctx.log('info', `VM ${p.vmName} exists (${live?.detail}): nothing to create`);
    return 'unchanged';
  }
  ctx.log('info', change.reason);
  if (change.action === 'create') {
    const made = await driver.create(request(ctx, p.clusterId, step.node, p.machine, p.address), (t) => ctx.log('info', t));
    ctx.log('info', `VM ${made.name} created (${made.detail})`);
    return 'changed';
  }
  if (live && live.status === 'stopped') {
    await driver.start(live, (t) => ctx.log('info', t));
    return 'changed';
  }
  throw new Error(change.reason);
};

/** Until the VM has its address and answers SSH with the host key pgcascade gave it; that key is pinned first. */
export const waitMachine: StepHandler = async (ctx, step) => {
  const p = paramsOf(step, 'wait-machine');
  const svc = services(ctx);
  const driver = await svc.driver(p.machine);
  const hostKey = secret(ctx, hostKeyPublicName(step.node));
  const [keyType, blob] = hostKey.trim().split(/\s+/);
  const fingerprint = fingerprintOf(Buffer.from(blob ?? '', 'base64'));
  const deadline = Date.now() + SSH_WAIT_MS;
  const started = Date.now();
  let said = '';
  const say = (text: string) => {
    if (text !== said) ctx.log('info', text);
    said = text;
  };
  for (;;) {
    ctx.throwIfCancelled();
    if (Date.now() > deadline) throw new Error(`VM ${p.vmName} did not answer SSH within ${Math.round(SSH_WAIT_MS / 60_000)} min (${said}): look at its console (virsh console, or the serial port output in the console), then retry`);
    const live = findMachine(await driver.list(p.clusterId), p.clusterId, step.node);
    if (!live) throw new Error(`VM ${p.vmName} is gone: apply again to create it`);
    if (!live.internalAddress) {
      say(`VM ${p.vmName} is ${live.detail}, waiting for its address (DHCP lease)`);
      await sleep(2000);
      continue;
    }
    if (live.internalAddress !== p.address) throw new Error(`VM ${p.vmName} got address ${live.internalAddress}, the plan uses ${p.address}: delete the VM and apply again`);
    const sshHost = p.machine.driver === 'yandex-cloud' && p.machine.publicIp && live.publicAddress ? live.publicAddress : live.internalAddress;
    await svc.pinHostKey(sshHost, 22, keyType ?? 'ssh-ed25519', fingerprint);
    try {
      const seen = await scanHostKey(sshHost, 22, 5000);
      if (seen.fingerprint !== fingerprint) throw new Error(`VM ${p.vmName} at ${sshHost}:22 presents ${seen.keyType} ${seen.fingerprint}, not the host key pgcascade gave it (${fingerprint}): another machine answers at that address; nothing was run on it`);
      if (sshHost !== addressOf(ctx, step.node)) svc.setSshHost(step.node, sshHost);
      ctx.log('info', `${p.vmName} answers SSH at ${sshHost} with its pinned key ${fingerprint} after ${Math.round((Date.now() - started) / 1000)} s; addresses: internal ${live.internalAddress}${live.publicAddress ? `, public ${live.publicAddress}` : ''}`);
      await ctx.report({ vm: live.name, id: live.id, internalAddress: live.internalAddress, publicAddress: live.publicAddress, sshHost, hostKey: fingerprint, state: live.detail });
      return 'unchanged';
    } catch (err) {
      if ((err as Error).message.includes('not the host key')) throw err;
      say(`VM ${p.vmName} has address ${live.internalAddress}; waiting for SSH (${(err as Error).message})`);
      await sleep(3000);
    }
  }
};

export const dropMachine: StepHandler = async (ctx, step: Step) => {
  const p = paramsOf(step, 'drop-machine');
  const driver = await services(ctx).driver(p.machines);
  const live = await driver.list(p.clusterId);
  const wanted = p.nodes === 'all' ? live : live.filter((m) => (p.nodes as string[]).some((n) => findMachine([m], p.clusterId, n)));
  for (const m of wanted) {
    ctx.throwIfCancelled();
    await driver.delete(m, (t) => ctx.log('info', t));
  }
  if (p.nodes === 'all') await driver.cleanup?.((t) => ctx.log('info', t));
  if (wanted.length === 0) ctx.log('info', 'no VM of this cluster is left to delete');
  return wanted.length > 0 ? 'changed' : 'unchanged';
};
