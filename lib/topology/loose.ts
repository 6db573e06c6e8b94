/** A string list entry kept at its original index so issue paths stay right. */
export interface LooseString {
  at: number;
  value: string;
}
export interface LooseColumn {
  at: number;
  name?: string;
  primaryKey: boolean;
}
export interface LooseTable {
  at: number;
  name?: string;
  /** Undefined when `columns` is not an array (the shape check reports that). */
  columns?: LooseColumn[];
}
export interface LooseSsh {
  user?: string;
  privateKey?: string;
  password?: string;
  credentialId?: string;
}
export interface LooseNode {
  at: number;
  name?: string;
  port?: number;
  address?: string;
  /** Whether an `ssh` key is present at all, whatever its type. */
  sshGiven: boolean;
  ssh?: LooseSsh;
  /** `machine: false`: a host that exists already, even in a topology with `machines`. */
  machineOff: boolean;
  /** The override's keys, when `machine` is an object. */
  machineKeys: string[];
  /** It ran before pgcascade (imported). */
  adopted: boolean;
}
export interface LoosePublication {
  at: number;
  node?: string;
  name?: string;
  tables: LooseString[];
  /** The operations it publishes, when given as a list. */
  publish?: string[];
  /** The tables it gives a replica identity for (the keys of `replicaIdentity`). */
  identityTables: string[];
}
export interface LooseSubscription {
  at: number;
  node?: string;
  name?: string;
  publisher?: string;
  publications: LooseString[];
  origin?: string;
  initialCopy?: string;
}
export interface LooseStandby {
  at: number;
  node?: string;
  upstream?: string;
  slot?: string;
}
export interface LooseBackup {
  at: number;
  node?: string;
  fromStandby?: string;
  repositoryHost?: string;
  /** Cron expressions by their field (`schedule.full`, `drill`), strings only. */
  crons: { path: string[]; value: string }[];
}
/** The well-typed parts of an unchecked topology, so semantic rules run even when the shape is wrong. */
export interface LooseTopology {
  provider?: string;
  /** `tls` when it is a boolean. */
  tls?: boolean;
  postgresVersion?: number;
  database?: string;
  tables: LooseTable[];
  nodes: LooseNode[];
  publications: LoosePublication[];
  subscriptions: LooseSubscription[];
  standbys: LooseStandby[];
  backups: LooseBackup[];
  /** The `machines` driver, when `machines` is given (undefined driver: given but unreadable). */
  machines?: { driver?: string; network?: string };
}

type Obj = Record<string, unknown>;

function asObject(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : undefined;
}

// Own properties only: `constructor` or `__proto__` must not leak in from the prototype.
function field(obj: Obj, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function str(obj: Obj, key: string): string | undefined {
  const value = field(obj, key);
  return typeof value === 'string' ? value : undefined;
}

function num(obj: Obj, key: string): number | undefined {
  const value = field(obj, key);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

// Caps match schema.ts maxima: beyond them the input is already rejected; the cap keeps the quadratic rules bounded.
function objects<T>(value: unknown, max: number, read: (obj: Obj, at: number) => T): T[] {
  if (!Array.isArray(value)) return [];
  const out: T[] = [];
  value.slice(0, max).forEach((item, at) => {
    const obj = asObject(item);
    if (obj) out.push(read(obj, at));
  });
  return out;
}

function strings(value: unknown, max: number): LooseString[] {
  if (!Array.isArray(value)) return [];
  const out: LooseString[] = [];
  value.slice(0, max).forEach((item, at) => {
    if (typeof item === 'string') out.push({ at, value: item });
  });
  return out;
}

function readSsh(value: unknown): LooseSsh | undefined {
  const obj = asObject(value);
  if (!obj) return undefined;
  return {
    user: str(obj, 'user'),
    privateKey: str(obj, 'privateKey'),
    password: str(obj, 'password'),
    credentialId: str(obj, 'credentialId'),
  };
}

/** Pull whatever is well-typed out of any input; never throws on plain JSON-like values. */
export function readLoose(input: unknown): LooseTopology {
  const root = asObject(input) ?? {};
  const machines = field(root, 'machines') === undefined ? undefined : (asObject(field(root, 'machines')) ?? {});
  return {
    machines: machines && { driver: str(machines, 'driver'), network: str(machines, 'network') },
    provider: str(root, 'provider'),
    ...(typeof field(root, 'tls') === 'boolean' ? { tls: field(root, 'tls') as boolean } : {}),
    postgresVersion: num(root, 'postgresVersion'),
    database: str(root, 'database'),
    tables: objects(field(root, 'tables'), 200, (obj, at) => {
      const columns = field(obj, 'columns');
      return {
        at,
        name: str(obj, 'name'),
        columns: Array.isArray(columns)
          ? objects(columns, 100, (col, colAt) => ({
              at: colAt,
              name: str(col, 'name'),
              primaryKey: field(col, 'primaryKey') === true,
            }))
          : undefined,
      };
    }),
    nodes: objects(field(root, 'nodes'), 100, (obj, at) => ({
      at,
      name: str(obj, 'name'),
      port: num(obj, 'port'),
      address: str(obj, 'address'),
      sshGiven: field(obj, 'ssh') !== undefined,
      ssh: readSsh(field(obj, 'ssh')),
      machineOff: field(obj, 'machine') === false,
      machineKeys: Object.keys(asObject(field(obj, 'machine')) ?? {}),
      adopted: field(obj, 'adopted') === true,
    })),
    publications: objects(field(root, 'publications'), 200, (obj, at) => ({
      at,
      node: str(obj, 'node'),
      name: str(obj, 'name'),
      tables: strings(field(obj, 'tables'), 1000),
      publish: Array.isArray(field(obj, 'publish')) ? strings(field(obj, 'publish'), 4).map((x) => x.value) : undefined,
      identityTables: Object.keys(asObject(field(obj, 'replicaIdentity')) ?? {}).slice(0, 1000),
    })),
    subscriptions: objects(field(root, 'subscriptions'), 400, (obj, at) => ({
      at,
      node: str(obj, 'node'),
      name: str(obj, 'name'),
      publisher: str(obj, 'publisher'),
      publications: strings(field(obj, 'publications'), 100),
      origin: str(obj, 'origin'),
      initialCopy: str(obj, 'initialCopy'),
    })),
    standbys: objects(field(root, 'standbys'), 100, (obj, at) => ({
      at,
      node: str(obj, 'node'),
      upstream: str(obj, 'upstream'),
      slot: str(obj, 'slot'),
    })),
    backups: objects(field(root, 'backups'), 100, (obj, at) => readBackup(obj, at)),
  };
}

function readBackup(obj: Obj, at: number): LooseBackup {
  const schedule = asObject(field(obj, 'schedule')) ?? {};
  const crons = ['full', 'differential', 'incremental']
    .map((key) => ({ path: ['schedule', key], value: str(schedule, key) }))
    .concat([{ path: ['drill'], value: str(obj, 'drill') }])
    .filter((c): c is { path: string[]; value: string } => c.value !== undefined);
  return { at, node: str(obj, 'node'), fromStandby: str(obj, 'fromStandby'), repositoryHost: str(asObject(field(obj, 'repository')) ?? {}, 'host'), crons };
}
