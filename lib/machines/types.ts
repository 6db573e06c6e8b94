import type { Machines } from '@/lib/topology/machines';

/** A VM as a driver reports it; pgcascade finds its own by the labels it set. */
export interface LiveMachine {
  id: string;
  name: string;
  labels: Record<string, string>;
  /** Normalised: running, starting, stopped, deleting, error (the driver's own word is in `detail`). */
  status: 'running' | 'starting' | 'stopped' | 'deleting' | 'error';
  detail: string;
  internalAddress: string | null;
  publicAddress: string | null;
}

/** What one VM is made from: the node's effective settings, its planned address and its cloud-init user data. */
export interface MachineRequest {
  clusterId: string;
  node: string;
  vmName: string;
  labels: Record<string, string>;
  address: string;
  machine: Machines;
  /** `#cloud-config` text; holds the VM's private host key, so it is never logged. */
  userData: string;
}

export type MachineLog = (text: string) => void;

/** A place VMs come from (a cloud, a hypervisor). Every method is safe to repeat. */
export interface MachineDriver {
  readonly label: string;
  /** Every problem that would stop VM creation (credentials, folder, subnet, host capacity), each with its fix. */
  preflight(requests: readonly MachineRequest[]): Promise<string[]>;
  /** The VMs labelled with this cluster. */
  list(clusterId: string): Promise<LiveMachine[]>;
  /** Create the VM and return it once the driver says it runs. */
  create(request: MachineRequest, log: MachineLog): Promise<LiveMachine>;
  start(machine: LiveMachine, log: MachineLog): Promise<void>;
  /** Delete the VM and its disks. */
  delete(machine: LiveMachine, log: MachineLog): Promise<void>;
  /** After the cluster's last VM went: remove what the driver set up for it (a managed network). */
  cleanup?(log: MachineLog): Promise<void>;
}

/** A driver failure the user must act on: what the API said and what to do. */
export class MachineError extends Error {
  constructor(
    message: string,
    readonly fix: string,
    readonly code?: string,
  ) {
    super(`${message}. ${fix}`);
    this.name = 'MachineError';
  }
}
