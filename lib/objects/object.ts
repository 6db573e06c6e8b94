import type { Command, StepKind, StepParams } from '@/lib/plan/types';

/** What a change does to one object: the plan's four verbs (a destructive one carries its cost on the step). */
export type ChangeAction = 'create' | 'change' | 'drop' | 'replace';

/** The difference between one desired object and its live state: why, and exactly what runs to remove it. */
export interface Change {
  action: ChangeAction;
  /** One line for people: "subscription sub_x connects to 10.0.0.2:5432, should connect to n2 at 10.0.0.3:5432". */
  reason: string;
  /** The commands that apply it; empty when pgcascade cannot fix it itself (the reason says what to do). */
  commands: Command[];
  /** The step's own planned commands apply it (a clone, a file rewritten), then `commands`. */
  planned?: true;
  expected?: string;
  actual?: string;
}

/** How an object module reaches one node: SQL as the panel's superuser, and the node's files. */
export interface NodeIo {
  query<R extends Record<string, unknown> = Record<string, unknown>>(database: string, sql: string, params?: unknown[]): Promise<R[]>;
  /** A file's text, or null when it does not exist. */
  readFile(path: string): Promise<string | null>;
  /** Whether a path exists. */
  exists(path: string): Promise<boolean>;
  /** Whether the node's server accepts connections now. */
  isRunning(): Promise<boolean>;
}

export type Secrets = Readonly<Record<string, string>>;
export type ParamsOf<K extends StepKind> = Extract<StepParams, { kind: K }>;

/**
 * One kind of replication object, the way a Terraform resource is: how to read it live (SQL beside its parser),
 * and the one diff that plan, apply, drift and reconcile all use. `diff` is pure and returns null when the live
 * object is what the step's params describe.
 */
export interface ObjectModule<K extends StepKind, L> {
  kind: K;
  read(io: NodeIo, params: ParamsOf<K>): Promise<L>;
  diff(params: ParamsOf<K>, live: L, secrets: Secrets): Change | null;
}

/** A module whose live type is erased, for tables of modules by kind. */
export interface AnyObjectModule {
  kind: StepKind;
  read(io: NodeIo, params: StepParams): Promise<unknown>;
  diff(params: StepParams, live: unknown, secrets: Secrets): Change | null;
}

export function objectModule<K extends StepKind, L>(m: ObjectModule<K, L>): AnyObjectModule {
  return m as unknown as AnyObjectModule;
}

/** What runs for a change of this step: its own commands, or the change's. */
export function changeCommands(step: { commands: Command[] }, change: Change): Command[] {
  return change.planned ? [...step.commands, ...change.commands] : change.commands;
}

/** "a, b" or "none". */
export function listOf(items: readonly string[]): string {
  return items.length === 0 ? 'none' : items.join(', ');
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return [...new Set(a)].sort().join('\n') === [...new Set(b)].sort().join('\n');
}

export function sqlCommand(database: string, sql: string): Command {
  return { type: 'sql', database, sql };
}
