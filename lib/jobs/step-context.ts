import type pg from 'pg';
import type { Topology } from '@/lib/topology/schema';
import type { Command, Step } from '@/lib/plan/types';
import type { Executor, OutputStream, RunResult } from '@/lib/hosts/executor';
import type { StepStatus } from '@/lib/db/repositories/jobs';
import type { Machines } from '@/lib/topology/machines';
import type { MachineDriver } from '@/lib/machines/types';

export type LogStream = OutputStream | 'info';

/** Everything a step handler may touch: effects go through the executor and `query`, nothing else. */
export interface StepContext {
  topology: Topology;
  /** The executor of the step's node. */
  executor: Executor;
  /** Plain secret values, by name; never log them (`log` masks them anyway). */
  secrets: Readonly<Record<string, string>>;
  log(stream: LogStream, text: string): void;
  /** Run SQL on a node as the superuser; one connection per node and database, reused across steps. */
  query<R extends Record<string, unknown> = Record<string, unknown>>(node: string, database: string, text: string, params?: unknown[]): Promise<R[]>;
  /** Drop a node's connections (before it stops or restarts). */
  disconnect(node: string): Promise<void>;
  /** Whether the node's server accepts the panel's connection now. */
  answers(node: string): Promise<boolean>;
  /** Run one planned command with its secrets filled in. */
  runCommand(command: Command): Promise<RunResult>;
  /** Status of another step of this job (e.g. whether settings changed before a reload). */
  statusOf(stepId: string): StepStatus | undefined;
  /** A dedicated connection (the caller ends it): for transactions with an imported snapshot, or `replication=database`. */
  connect(node: string, database: string, options?: { replication?: boolean }): Promise<pg.Client>;
  /** Save what the step found, shown with the step (e.g. the loss check's report). */
  report(result: unknown): Promise<void>;
  /** What another step of this job reported. */
  resultOf(stepId: string): unknown;
  /** Throws when the user asked to cancel: called between commands. */
  throwIfCancelled(): void;
  /** Topologies with `machines`: the driver for a node's settings, and pinning the host key pgcascade gave a VM. */
  machines?: MachineServices;
}

export interface MachineServices {
  driver(machine: Machines): Promise<MachineDriver>;
  pinHostKey(host: string, port: number, keyType: string, fingerprint: string): Promise<void>;
  /** Where the panel logs in to a VM when it is not the node's address (a public address), for this job's executors. */
  setSshHost(node: string, host: string): void;
}

export type StepResult = 'changed' | 'unchanged';
export type StepHandler = (ctx: StepContext, step: Step) => Promise<StepResult>;

/** Raised for a problem found before anything changed, with a fix for the user. */
export class PreflightError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreflightError';
  }
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled by the user');
    this.name = 'CancelledError';
  }
}
