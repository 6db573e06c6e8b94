import 'server-only';
import pg from 'pg';
import type { Topology } from '@/lib/topology/schema';
import type { Command, Step } from '@/lib/plan/types';
import { fillPlaceholders } from '@/lib/plan/secret-placeholders';
import { quoteLiteral } from '@/lib/postgres/quote';
import { scramVerifier } from '@/lib/postgres/scram';
import { withHbaBlock } from '@/lib/postgres/pg-hba';
import { SqlError } from '@/lib/postgres/sql-error';
import { ClientCache } from '@/lib/postgres/client-cache';
import { connectConfigured, nodeClientConfig } from '@/lib/postgres/node-connection';
import type { Executor } from '@/lib/hosts/executor';
import type { StepStatus } from '@/lib/db/repositories/jobs';
import { CancelledError, type MachineServices, type StepContext } from './step-context';
import type { LogSink } from './log-sink';

export interface JobSessionOptions {
  topology: Topology;
  /** The executor for a node (`*`: this machine); the session closes what it got. */
  executorFor: (node: string) => Executor;
  /** The role the panel connects to nodes as. */
  superuser: string;
  secrets: Record<string, string>;
  mask: (text: string) => string;
  logs: LogSink;
  statuses: Map<string, StepStatus>;
  results: Map<string, unknown>;
  isCancelRequested: () => boolean;
  saveResult: (stepId: string, result: unknown) => Promise<void>;
  /** Topologies with `machines`. */
  machines?: MachineServices;
}

/** What the steps of one job share: connections to the nodes, secrets, the log. */
export class JobSession {
  private readonly clients = new ClientCache();
  private readonly executors = new Map<string, Executor>();

  constructor(private readonly o: JobSessionOptions) {}

  private fill(text: string, inSql: boolean): string {
    return fillPlaceholders(text, (name, form) => {
      const secret = this.o.secrets[name];
      if (secret === undefined) throw new Error(`secret ${name} is missing for this cluster`);
      const value = form === 'scram' ? scramVerifier(secret) : secret;
      // In SQL the placeholder already sits inside a literal, so only its quotes need doubling.
      return inSql ? quoteLiteral(value).slice(1, -1) : value;
    });
  }

  executor(node: string): Executor {
    let executor = this.executors.get(node);
    if (!executor) {
      executor = this.o.executorFor(node);
      this.executors.set(node, executor);
    }
    return executor;
  }

  private async clientConfig(node: string, database: string, replication = false): Promise<pg.ClientConfig> {
    const spec = this.o.topology.nodes.find((n) => n.name === node);
    if (!spec) throw new Error(`unknown node ${node}`);
    const tunnel = await this.executor(node).openTunnel(spec.port);
    const endpoint = { host: tunnel.host, port: tunnel.port, user: this.o.superuser, password: this.o.secrets.superuser_password ?? '' };
    return nodeClientConfig(endpoint, { database, purpose: 'pgcascade', connectTimeoutMs: 10_000, replication });
  }

  private client(node: string, database: string): Promise<pg.Client> {
    return this.clients.get(`${node}/${database}`, () => this.clientConfig(node, database));
  }

  async connect(node: string, database: string, options: { replication?: boolean } = {}): Promise<pg.Client> {
    try {
      return await connectConfigured(await this.clientConfig(node, database, options.replication));
    } catch (err) {
      throw new Error(this.o.mask(`${node}: ${(err as Error).message}`));
    }
  }

  /** `shown`: the statement as the log and errors show it (placeholders, not secrets), when it differs from `text`. */
  async query<R extends Record<string, unknown>>(
    node: string,
    database: string,
    text: string,
    params?: unknown[],
    shown = text,
  ): Promise<R[]> {
    try {
      const c = await this.client(node, database);
      return (await c.query(text, params)).rows as R[];
    } catch (err) {
      const e = err as Error & { code?: string };
      // A broken connection is dropped so the next query reconnects.
      if (!e.code || e.code.startsWith('08') || e.code === '57P01') await this.disconnect(node);
      const { mask } = this.o;
      throw new SqlError(mask(`${node}/${database}: ${e.message}`), node, database, e.code ?? null, mask(fillPlaceholders(shown, () => '********')));
    }
  }

  /** Whether the node's server takes a connection now (a short check, never an error). */
  async answers(node: string): Promise<boolean> {
    try {
      await this.query(node, 'postgres', 'SELECT 1');
      return true;
    } catch {
      await this.disconnect(node);
      return false;
    }
  }

  async disconnect(node: string): Promise<void> {
    await this.clients.drop(`${node}/`);
  }

  async close(): Promise<void> {
    await this.clients.drop();
    await Promise.all([...this.executors.values()].map((e) => e.close().catch(() => undefined)));
  }

  forStep(step: Step): StepContext {
    const { o } = this;
    const log: StepContext['log'] = (stream, text) => o.logs.write(step.node, step.id, stream, o.mask(text));
    const ctx: StepContext = {
      topology: o.topology,
      executor: this.executor(step.node),
      secrets: o.secrets,
      log,
      query: (node, database, text, params) => this.query(node, database, text, params),
      disconnect: (node) => this.disconnect(node),
      answers: (node) => this.answers(node),
      statusOf: (stepId) => o.statuses.get(stepId),
      throwIfCancelled: () => {
        if (o.isCancelRequested()) throw new CancelledError();
      },
      runCommand: (command: Command) => this.runCommand(step, command, log),
      connect: (node, database, options) => this.connect(node, database, options),
      report: (result) => (o.results.set(step.id, result), o.saveResult(step.id, result)),
      resultOf: (stepId) => o.results.get(stepId),
      ...(o.machines ? { machines: o.machines } : {}),
    };
    return ctx;
  }

  private async runCommand(step: Step, command: Command, log: StepContext['log']) {
    const { mask } = this.o;
    const executor = this.executor(step.node);
    switch (command.type) {
      case 'sql': {
        // The whole statement, as the plan shows it: secrets stay placeholders.
        log('info', `${step.node}/${command.database}> ${mask(fillPlaceholders(command.sql, () => '********'))}`);
        await this.query(step.node, command.database, this.fill(command.sql, true), undefined, command.sql);
        return { exitCode: 0, stdout: '', stderr: '' };
      }
      case 'shell': {
        if (command.stopsServer) {
          await this.disconnect(step.node);
          if (!(await this.answers(step.node))) {
            log('info', `${step.node} is not running: nothing to stop`);
            return { exitCode: 0, stdout: '', stderr: '' };
          }
          await this.disconnect(step.node);
        }
        log('info', `$ ${mask(command.argv.join(' '))}`);
        const env = Object.fromEntries(
          Object.entries(command.env ?? {}).map(([k, v]) => [k, this.fill(v, false)]),
        );
        const stdin = command.stdin === undefined ? {} : { stdin: this.fill(command.stdin, false) };
        return executor.run(
          command.argv.map((w) => this.fill(w, false)),
          { asPostgres: command.asPostgres, env, onOutput: log, ...stdin },
        );
      }
      case 'file': {
        log('info', `write ${command.path}`);
        await executor.writeFile(command.path, this.fill(command.content, false), {
          mode: command.mode,
          asPostgres: command.asPostgres,
        });
        return { exitCode: 0, stdout: '', stderr: '' };
      }
      case 'managed-block': {
        const existing = await executor.readFile(command.path);
        if (existing === null) throw new Error(`${command.path} does not exist on ${step.node}`);
        log('info', `put pgcascade's block at the top of ${command.path}`);
        await executor.writeFile(command.path, withHbaBlock(existing, this.fill(command.block, false)), { mode: 0o600, asPostgres: command.asPostgres });
        return { exitCode: 0, stdout: '', stderr: '' };
      }
    }
  }
}
