import type { TopologyInput } from '@/lib/topology/schema';
import type { ApiIssue } from '@/lib/queries/types';

// ---------------------------------------------------------------------------------------------
// Draft: the wizard's client state. References between entries use stable keys, so renaming a
// node or a table keeps every publication, subscription and standby pointing at it.
// ---------------------------------------------------------------------------------------------

/** How the panel logs in to an SSH host. Secrets live only in this in-memory state, never in the URL or storage. */
export interface DraftSsh {
  user: string;
  /** null when emptied: left out, the server uses 22. */
  port: number | null;
  auth: 'credential' | 'key' | 'password';
  credentialId: string;
  privateKey: string;
  passphrase: string;
  password: string;
  sudoPassword: string;
}
export interface DraftNode {
  key: string;
  name: string;
  /** PostgreSQL port on this machine (local provider). null when the field is empty: the server then reports `nodes.N.port`. */
  port: number | null;
  /** PostgreSQL port on the host (ssh provider); kept apart so switching providers loses neither. */
  remotePort: number | null;
  address: string;
  ssh: DraftSsh;
}
export interface DraftColumn {
  key: string;
  name: string;
  type: string;
  primaryKey: boolean;
}
export interface DraftTable {
  key: string;
  name: string;
  columns: DraftColumn[];
  /** Refuse writes made directly on the subscribed copies of this table. */
  guardCopies: boolean;
}
export interface DraftPublication {
  key: string;
  node: string;
  name: string;
  tables: string[];
}
export interface DraftSubscription {
  key: string;
  node: string;
  name: string;
  publisher: string;
  publications: string[];
  origin: '' | 'any' | 'none';
}
export interface DraftStandby {
  key: string;
  node: string;
  upstream: string;
  slot: string;
  walArchive: boolean;
}
/** One pgBackRest backup (node keys, like the other entries); empty fields are left out of the topology. */
export interface DraftBackup {
  key: string;
  node: string;
  fromStandby: string;
  repositoryHost: string;
  repositoryPath: string;
  full: string;
  differential: string;
  incremental: string;
  /** null when emptied: the server then applies pgBackRest's own retention. */
  retentionFull: number | null;
  drill: string;
}
/** Where the nodes' machines come from: this machine, existing SSH hosts, or VMs pgcascade creates. */
export type MachineSource = 'local' | 'ssh' | 'yandex-cloud' | 'libvirt';
export interface DraftResources {
  cores: number | null;
  memoryGb: number | null;
  diskGb: number | null;
}
export interface DraftYandex extends DraftResources {
  credentialId: string;
  folderId: string;
  zone: string;
  subnetId: string;
  imageFamily: string;
  platform: string;
  publicIp: boolean;
}
export interface DraftLibvirt extends DraftResources {
  uri: string;
  network: string;
}
export interface Draft {
  name: string;
  provider: 'local' | 'ssh';
  /** null: the nodes exist already (this machine or SSH hosts); else the driver that creates their VMs (provider ssh). */
  machines: 'yandex-cloud' | 'libvirt' | null;
  yandex: DraftYandex;
  libvirt: DraftLibvirt;
  postgresVersion: number | null;
  database: string;
  nodes: DraftNode[];
  tables: DraftTable[];
  publications: DraftPublication[];
  subscriptions: DraftSubscription[];
  standbys: DraftStandby[];
  backups: DraftBackup[];
  /** TLS between nodes; null follows the provider (on for SSH hosts, off on this machine). */
  tls: boolean | null;
}

/** Whether the draft's nodes will talk TLS: its choice, else the provider's default. */
export function draftUsesTls(d: Pick<Draft, 'provider' | 'tls'>): boolean {
  return d.tls ?? d.provider === 'ssh';
}

export const STEPS = [
  { id: 'hosts', title: 'Hosts' },
  { id: 'replication', title: 'Data and replication' },
  { id: 'backups', title: 'Backups' },
  { id: 'review', title: 'Review' },
  { id: 'apply', title: 'Apply' },
] as const;
export type StepIndex = 0 | 1 | 2 | 3 | 4;
/** The steps whose fields the server checks before the user may go on. */
export const LAST_EDIT_STEP = 2;
export const REVIEW_STEP = 3;
export const APPLY_STEP = 4;

/** The choice on the first step, from the draft's provider and machines. */
export function machineSource(d: Pick<Draft, 'provider' | 'machines'>): MachineSource {
  return d.machines ?? d.provider;
}

/** The draft fields a choice on the first step sets: VMs pgcascade creates are reached over SSH. */
export function sourcePatch(source: MachineSource): Pick<Draft, 'provider' | 'machines'> {
  if (source === 'local' || source === 'ssh') return { provider: source, machines: null };
  return { provider: 'ssh', machines: source };
}

/** The reference setup's VMs: Ubuntu 22.04, 4 vCPU, 8 GB, 20 GB disk. */
export const DEFAULT_YANDEX: DraftYandex = {
  credentialId: '',
  folderId: '',
  zone: 'ru-central1-a',
  subnetId: '',
  imageFamily: 'ubuntu-2204-lts',
  platform: 'standard-v3',
  publicIp: true,
  cores: 4,
  memoryGb: 8,
  diskGb: 20,
};
/** Small emulated VMs: enough for PostgreSQL on a laptop or a CI machine. */
export const DEFAULT_LIBVIRT: DraftLibvirt = { uri: 'qemu:///system', network: '', cores: 1, memoryGb: 1, diskGb: 8 };

/** The reference setup's backups: vm3 (the read replica) backed up from its standby vm4, into vm3's repository. */
export function referenceBackup(d: Pick<Draft, 'nodes' | 'standbys'>, key: string): DraftBackup {
  const byName = (name: string) => d.nodes.find((n) => n.name === name)?.key;
  const standby = d.standbys[0];
  const node = byName('vm3') ?? standby?.upstream ?? d.nodes[0]?.key ?? '';
  const fromStandby = byName('vm4') ?? d.standbys.find((s) => s.upstream === node)?.node ?? '';
  return {
    key,
    node,
    fromStandby,
    repositoryHost: node,
    repositoryPath: '/var/lib/pgbackrest',
    full: '0 2 * * 0',
    differential: '0 2 * * 1-6',
    incremental: '0 * * * *',
    retentionFull: 2,
    drill: '0 4 * * 0',
  };
}

export const POSTGRES_VERSIONS = [13, 14, 15, 16, 17, 18] as const;

/** Local nodes get ports above this one (the example uses 55431-55434). */
const LOCAL_PORT_BASE = 55430;
export const DEFAULT_REMOTE_PORT = 5432;
export const DEFAULT_SSH: DraftSsh = {
  user: 'root',
  port: 22,
  auth: 'key',
  credentialId: '',
  privateKey: '',
  passphrase: '',
  password: '',
  sudoPassword: '',
};

/** The PostgreSQL port the draft's provider uses for a node. */
export function activePort(d: Pick<Draft, 'provider'>, n: DraftNode): number | null {
  return d.provider === 'ssh' ? n.remotePort : n.port;
}

type TopologySsh = NonNullable<TopologyInput['nodes'][number]['ssh']>;

function draftSsh(ssh: TopologySsh | undefined): DraftSsh {
  if (!ssh) return { ...DEFAULT_SSH };
  return {
    user: ssh.user,
    port: ssh.port ?? 22,
    auth: ssh.credentialId ? 'credential' : ssh.password && !ssh.privateKey ? 'password' : 'key',
    credentialId: ssh.credentialId ?? '',
    privateKey: ssh.privateKey ?? '',
    passphrase: ssh.passphrase ?? '',
    password: ssh.password ?? '',
    sudoPassword: ssh.sudoPassword ?? '',
  };
}

/** A node's `ssh` object: the chosen way to log in only, empty optional fields left out so the server reports what is missing. */
function topologySsh(s: DraftSsh): Record<string, unknown> {
  return {
    user: s.user.trim(),
    ...(s.port !== null ? { port: s.port } : {}),
    ...(s.auth === 'credential' && s.credentialId ? { credentialId: s.credentialId } : {}),
    ...(s.auth === 'key' && s.privateKey.trim() ? { privateKey: s.privateKey } : {}),
    ...(s.auth === 'key' && s.privateKey.trim() && s.passphrase ? { passphrase: s.passphrase } : {}),
    ...(s.auth === 'password' && s.password ? { password: s.password } : {}),
    ...(s.sudoPassword ? { sudoPassword: s.sudoPassword } : {}),
  };
}

/** A key generator that never repeats within one wizard. */
export function keyMaker(start = 0) {
  let n = start;
  return () => `k${++n}`;
}

/** A topology (the example file, or one downloaded earlier) as a draft. */
export function draftFromTopology(t: TopologyInput, nextKey: () => string): Draft {
  const isSsh = t.provider === 'ssh';
  const nodes = t.nodes.map((n, i) => ({
    key: nextKey(),
    name: n.name,
    // The other provider's port gets a default, so switching providers gives a working draft.
    port: isSsh ? LOCAL_PORT_BASE + i + 1 : n.port,
    remotePort: isSsh ? n.port : DEFAULT_REMOTE_PORT,
    address: n.address ?? '',
    ssh: draftSsh(n.ssh),
  }));
  const tables = t.tables.map((table) => ({
    key: nextKey(),
    name: table.name,
    columns: table.columns.map((c) => ({
      key: nextKey(),
      name: c.name,
      type: c.type,
      primaryKey: c.primaryKey ?? false,
    })),
    guardCopies: table.guardCopies ?? false,
  }));
  const nodeKey = (name: string) => nodes.find((n) => n.name === name)?.key ?? '';
  const publications = (t.publications ?? []).map((p) => ({
    key: nextKey(),
    node: nodeKey(p.node),
    name: p.name,
    tables: p.tables
      .map((name) => tables.find((x) => x.name === name)?.key)
      .filter((k): k is string => k !== undefined),
  }));
  const subscriptions = (t.subscriptions ?? []).map((s) => ({
    key: nextKey(),
    node: nodeKey(s.node),
    name: s.name,
    publisher: nodeKey(s.publisher),
    publications: s.publications
      .map((name) => publications.find((p) => p.name === name && p.node === nodeKey(s.publisher))?.key)
      .filter((k): k is string => k !== undefined),
    origin: s.origin ?? ('' as const),
  }));
  const standbys = (t.standbys ?? []).map((s) => ({
    key: nextKey(),
    node: nodeKey(s.node),
    upstream: nodeKey(s.upstream),
    slot: s.slot ?? '',
    walArchive: s.walArchive ?? false,
  }));
  const backups = (t.backups ?? []).map((b) => ({
    key: nextKey(),
    node: nodeKey(b.node),
    fromStandby: b.fromStandby ? nodeKey(b.fromStandby) : '',
    repositoryHost: nodeKey(b.repository.host),
    repositoryPath: b.repository.path,
    full: b.schedule?.full ?? '',
    differential: b.schedule?.differential ?? '',
    incremental: b.schedule?.incremental ?? '',
    retentionFull: b.retention?.full ?? null,
    drill: b.drill ?? '',
  }));
  const m = t.machines;
  const resources = (r: { cores: number; memoryGb: number; diskGb: number }): DraftResources => ({ cores: r.cores, memoryGb: r.memoryGb, diskGb: r.diskGb });
  return {
    name: t.name,
    provider: t.provider,
    machines: m?.driver ?? null,
    yandex:
      m?.driver === 'yandex-cloud'
        ? {
            credentialId: m.credentialId,
            folderId: m.folderId,
            zone: m.zone,
            subnetId: m.subnetId,
            imageFamily: m.image && 'family' in m.image ? m.image.family : DEFAULT_YANDEX.imageFamily,
            platform: m.resources.platform ?? '',
            publicIp: m.publicIp ?? false,
            ...resources(m.resources),
          }
        : { ...DEFAULT_YANDEX },
    libvirt: m?.driver === 'libvirt' ? { uri: m.uri ?? DEFAULT_LIBVIRT.uri, network: m.network ?? '', ...resources(m.resources) } : { ...DEFAULT_LIBVIRT },
    backups,
    postgresVersion: t.postgresVersion,
    database: t.database,
    nodes,
    tables,
    publications,
    subscriptions,
    standbys,
    tls: t.tls ?? null,
  };
}

const nameOf = (list: Array<{ key: string; name: string }>, key: string) =>
  list.find((x) => x.key === key)?.name ?? '';

/**
 * The draft as the API's topology JSON, in the draft's order so server paths (`nodes.2.port`) point back
 * at the same rows. Empty optional fields are left out; an empty port is left out so the server reports it.
 */
export function draftToTopology(d: Draft): Record<string, unknown> {
  return {
    name: d.name,
    provider: d.provider,
    ...(d.postgresVersion !== null ? { postgresVersion: d.postgresVersion } : {}),
    database: d.database,
    tables: d.tables.map((t) => ({
      name: t.name,
      columns: t.columns.map((c) => ({
        name: c.name,
        type: c.type,
        ...(c.primaryKey ? { primaryKey: true } : {}),
      })),
      ...(t.guardCopies ? { guardCopies: true } : {}),
    })),
    nodes: d.nodes.map((n) => {
      const port = activePort(d, n);
      // A VM pgcascade creates gets its address (unless one is asked for) and its login from pgcascade.
      const hasLogin = d.provider === 'ssh' && d.machines === null;
      return {
        name: n.name,
        ...(d.provider === 'ssh' && n.address.trim() ? { address: n.address.trim() } : {}),
        ...(port !== null ? { port } : {}),
        ...(hasLogin ? { ssh: topologySsh(n.ssh) } : {}),
      };
    }),
    publications: d.publications.map((p) => ({
      node: nameOf(d.nodes, p.node),
      name: p.name,
      tables: p.tables.map((k) => nameOf(d.tables, k)),
    })),
    subscriptions: d.subscriptions.map((s) => ({
      node: nameOf(d.nodes, s.node),
      name: s.name,
      publisher: nameOf(d.nodes, s.publisher),
      publications: s.publications.map((k) => nameOf(d.publications, k)),
      ...(s.origin ? { origin: s.origin } : {}),
    })),
    standbys: d.standbys.map((s) => ({
      node: nameOf(d.nodes, s.node),
      upstream: nameOf(d.nodes, s.upstream),
      ...(s.slot.trim() ? { slot: s.slot.trim() } : {}),
      ...(s.walArchive ? { walArchive: true } : {}),
    })),
    ...(d.backups.length > 0 ? { backups: d.backups.map((b) => topologyBackup(d, b)) } : {}),
    ...(d.machines !== null ? { machines: topologyMachines(d) } : {}),
    ...(d.tls !== null ? { tls: d.tls } : {}),
  };
}

const numberField = (name: string, v: number | null) => (v === null || Number.isNaN(v) ? {} : { [name]: v });

/** A backup entry: empty schedules and drill left out (no schedule of that kind), an empty repository field kept so the server names it. */
function topologyBackup(d: Draft, b: DraftBackup): Record<string, unknown> {
  const schedule = {
    ...(b.full.trim() ? { full: b.full.trim() } : {}),
    ...(b.differential.trim() ? { differential: b.differential.trim() } : {}),
    ...(b.incremental.trim() ? { incremental: b.incremental.trim() } : {}),
  };
  return {
    node: nameOf(d.nodes, b.node),
    ...(b.fromStandby ? { fromStandby: nameOf(d.nodes, b.fromStandby) } : {}),
    repository: { type: 'posix', host: nameOf(d.nodes, b.repositoryHost), path: b.repositoryPath.trim() },
    ...(Object.keys(schedule).length > 0 ? { schedule } : {}),
    ...(b.retentionFull !== null ? { retention: { full: b.retentionFull } } : {}),
    ...(b.drill.trim() ? { drill: b.drill.trim() } : {}),
  };
}

/** The `machines` field of the chosen driver; empty numbers left out so the server reports them at their paths. */
function topologyMachines(d: Draft): Record<string, unknown> {
  if (d.machines === 'libvirt') {
    const l = d.libvirt;
    return {
      driver: 'libvirt',
      uri: l.uri.trim(),
      ...(l.network.trim() ? { network: l.network.trim() } : {}),
      resources: { ...numberField('cores', l.cores), ...numberField('memoryGb', l.memoryGb), ...numberField('diskGb', l.diskGb) },
    };
  }
  const y = d.yandex;
  return {
    driver: 'yandex-cloud',
    credentialId: y.credentialId,
    folderId: y.folderId.trim(),
    zone: y.zone.trim(),
    subnetId: y.subnetId.trim(),
    image: { family: y.imageFamily.trim() },
    resources: {
      ...numberField('cores', y.cores),
      ...numberField('memoryGb', y.memoryGb),
      ...numberField('diskGb', y.diskGb),
      ...(y.platform.trim() ? { platform: y.platform.trim() } : {}),
    },
    ...(y.publicIp ? { publicIp: true } : {}),
  };
}

const SSH_SECRETS = ['privateKey', 'passphrase', 'password', 'sudoPassword'] as const;
/** What the server shows instead of a secret (and reads back as "keep the stored value"). */
export const SECRET_MASK = '********';

/** A topology for a file on disk: SSH keys and passwords replaced by the mask, like the cluster page's download. */
export function withMaskedSecrets(t: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(t.nodes)) return t;
  return {
    ...t,
    nodes: t.nodes.map((n: unknown) => {
      const ssh = (n as { ssh?: Record<string, unknown> } | null)?.ssh;
      if (!ssh) return n;
      const masked = { ...ssh };
      for (const field of SSH_SECRETS) if (masked[field] !== undefined) masked[field] = SECRET_MASK;
      return { ...(n as object), ssh: masked };
    }),
  };
}

/** Drop entries that depend on a removed node, dangling references, and publications that are not the publisher's. */
export function normalizeDraft(d: Draft): Draft {
  const nodeKeys = new Set(d.nodes.map((n) => n.key));
  const tableKeys = new Set(d.tables.map((t) => t.key));
  const publications = d.publications
    .filter((p) => nodeKeys.has(p.node) || p.node === '')
    .map((p) => ({ ...p, tables: p.tables.filter((k) => tableKeys.has(k)) }));
  const pubNode = new Map(publications.map((p) => [p.key, p.node]));
  return {
    ...d,
    publications,
    subscriptions: d.subscriptions
      .filter(
        (s) => (nodeKeys.has(s.node) || s.node === '') && (nodeKeys.has(s.publisher) || s.publisher === ''),
      )
      .map((s) => ({
        ...s,
        publications: s.publications.filter((k) => pubNode.get(k) === s.publisher),
      })),
    standbys: d.standbys.filter(
      (s) => (nodeKeys.has(s.node) || s.node === '') && (nodeKeys.has(s.upstream) || s.upstream === ''),
    ),
    // A backup of a removed node goes; a removed standby or repository host is emptied, for the user to choose again.
    backups: d.backups
      .filter((b) => nodeKeys.has(b.node) || b.node === '')
      .map((b) => ({
        ...b,
        fromStandby: nodeKeys.has(b.fromStandby) ? b.fromStandby : '',
        repositoryHost: nodeKeys.has(b.repositoryHost) ? b.repositoryHost : '',
      })),
  };
}

// ---------------------------------------------------------------------------------------------
// Reducer
// ---------------------------------------------------------------------------------------------

export interface WizardState {
  step: StepIndex;
  /** The furthest step the user may jump to; any edit brings it back to the current step. */
  furthest: StepIndex;
  draft: Draft;
  keySeq: number;
}

type Section = 'nodes' | 'tables' | 'publications' | 'subscriptions' | 'standbys' | 'backups';
type Item<S extends Section> = Draft[S][number];

export type WizardAction =
  | { type: 'load'; draft: Draft; keySeq: number }
  | { type: 'update-ssh'; index: number; patch: Partial<DraftSsh> }
  | { type: 'goto'; step: StepIndex; unlock?: boolean }
  | { type: 'set'; patch: Partial<Pick<Draft, 'name' | 'provider' | 'machines' | 'postgresVersion' | 'database' | 'tls'>> }
  | { type: 'update-yandex'; patch: Partial<DraftYandex> }
  | { type: 'update-libvirt'; patch: Partial<DraftLibvirt> }
  | { type: 'add'; section: Section }
  | {
      [S in Section]: { type: 'update'; section: S; index: number; patch: Partial<Omit<Item<S>, 'key'>> };
    }[Section]
  | { type: 'remove'; section: Section; index: number }
  | { type: 'add-column'; table: number }
  | { type: 'update-column'; table: number; index: number; patch: Partial<Omit<DraftColumn, 'key'>> }
  | { type: 'remove-column'; table: number; index: number };

function newItem(section: Section, d: Draft, key: () => string): Item<Section> {
  const first = d.nodes[0]?.key ?? '';
  const last = d.nodes.at(-1)?.key ?? '';
  const n = d[section].length + 1;
  switch (section) {
    case 'nodes': {
      // A new host most likely logs in like the one before it (same user, same stored credential).
      const prev = d.nodes.at(-1)?.ssh;
      return {
        key: key(),
        name: `vm${d.nodes.length + 1}`,
        port: Math.max(LOCAL_PORT_BASE, ...d.nodes.map((x) => x.port ?? 0)) + 1,
        remotePort: DEFAULT_REMOTE_PORT,
        address: '',
        ssh: prev
          ? {
              ...DEFAULT_SSH,
              user: prev.user,
              port: prev.port,
              auth: prev.auth,
              credentialId: prev.credentialId,
            }
          : { ...DEFAULT_SSH },
      };
    }
    case 'tables':
      return {
        key: key(),
        name: `table_${n}`,
        columns: [
          { key: key(), name: 'id', type: 'serial', primaryKey: true },
          { key: key(), name: 'data', type: 'varchar(100)', primaryKey: false },
        ],
        guardCopies: false,
      };
    case 'publications':
      return { key: key(), node: first, name: `pub_${n}`, tables: [] };
    case 'subscriptions':
      return { key: key(), node: last, name: `sub_${n}`, publisher: first, publications: [], origin: '' };
    case 'standbys':
      return { key: key(), node: last, upstream: first, slot: '', walArchive: false };
    case 'backups': {
      // A second backup starts on a node that has none yet, with the same schedules as the reference one.
      const used = new Set(d.backups.map((b) => b.node));
      const node = d.nodes.find((x) => !used.has(x.key) && !d.standbys.some((s) => s.node === x.key))?.key ?? first;
      return { ...referenceBackup(d, key()), node, fromStandby: d.standbys.find((s) => s.upstream === node)?.node ?? '', repositoryHost: node };
    }
  }
}

function replaceAt<T>(list: T[], index: number, f: (item: T) => T): T[] {
  return list.map((item, i) => (i === index ? f(item) : item));
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  if (action.type === 'load') return { step: 0, furthest: 0, draft: action.draft, keySeq: action.keySeq };
  if (action.type === 'goto') {
    const furthest = action.unlock ? (Math.max(state.furthest, action.step) as StepIndex) : state.furthest;
    if (action.step > furthest) return state;
    return { ...state, step: action.step, furthest };
  }

  let keySeq = state.keySeq;
  const key = () => `k${++keySeq}`;
  const d = state.draft;
  let draft: Draft;
  switch (action.type) {
    case 'set':
      draft = { ...d, ...action.patch };
      break;
    case 'add':
      draft = { ...d, [action.section]: [...d[action.section], newItem(action.section, d, key)] };
      break;
    case 'update':
      draft = {
        ...d,
        [action.section]: replaceAt<Item<Section>>(
          d[action.section],
          action.index,
          (item) => ({ ...item, ...action.patch }) as Item<Section>,
        ),
      };
      break;
    case 'remove':
      draft = { ...d, [action.section]: d[action.section].filter((_, i) => i !== action.index) };
      break;
    case 'update-yandex':
      draft = { ...d, yandex: { ...d.yandex, ...action.patch } };
      break;
    case 'update-libvirt':
      draft = { ...d, libvirt: { ...d.libvirt, ...action.patch } };
      break;
    case 'update-ssh':
      draft = {
        ...d,
        nodes: replaceAt(d.nodes, action.index, (n) => ({ ...n, ssh: { ...n.ssh, ...action.patch } })),
      };
      break;
    case 'add-column':
      draft = {
        ...d,
        tables: replaceAt(d.tables, action.table, (t) => ({
          ...t,
          columns: [
            ...t.columns,
            { key: key(), name: `column_${t.columns.length + 1}`, type: 'text', primaryKey: false },
          ],
        })),
      };
      break;
    case 'update-column':
      draft = {
        ...d,
        tables: replaceAt(d.tables, action.table, (t) => ({
          ...t,
          columns: replaceAt(t.columns, action.index, (c) => ({ ...c, ...action.patch })),
        })),
      };
      break;
    case 'remove-column':
      draft = {
        ...d,
        tables: replaceAt(d.tables, action.table, (t) => ({
          ...t,
          columns: t.columns.filter((_, i) => i !== action.index),
        })),
      };
      break;
  }
  return { ...state, draft: normalizeDraft(draft), keySeq, furthest: state.step };
}

// ---------------------------------------------------------------------------------------------
// Server errors → fields
// ---------------------------------------------------------------------------------------------

const HOSTS_ROOTS = new Set(['name', 'provider', 'postgresVersion', 'nodes', 'machines']);

/** Whether a server problem blocks leaving `step`: each step cares about its own part and the ones before it. */
export function blocksStep(step: StepIndex, path: string): boolean {
  const root = path.split('.')[0] ?? '';
  if (step === 0) return HOSTS_ROOTS.has(root);
  if (step === 1) return root !== 'backups';
  return true;
}

const RESOURCE_FIELDS = ['resources', 'resources.cores', 'resources.memoryGb', 'resources.diskGb'];
/** The machines fields the first step shows for the chosen driver. */
function machinesFieldPaths(d: Draft): string[] {
  if (d.machines === null) return [];
  const own =
    d.machines === 'libvirt'
      ? ['uri', 'network', ...RESOURCE_FIELDS]
      : ['credentialId', 'folderId', 'zone', 'subnetId', 'image', 'image.family', 'publicIp', ...RESOURCE_FIELDS, 'resources.platform'];
  return ['machines', ...own.map((f) => `machines.${f}`)];
}

const BACKUP_FIELDS = ['', '.node', '.fromStandby', '.repository', '.repository.host', '.repository.path', '.schedule', '.schedule.full', '.schedule.differential', '.schedule.incremental', '.retention', '.retention.full', '.drill'];

/**
 * The SSH fields of node `i` that are on screen. `nodes.i.ssh` itself ("needs a way to log in") sits on the
 * log-in choice; a secret of another choice than the one shown falls back to it too.
 */
function sshFieldPaths(i: number, s: DraftSsh): string[] {
  const p = `nodes.${i}`;
  return [
    `${p}.address`,
    `${p}.ssh`,
    `${p}.ssh.user`,
    `${p}.ssh.port`,
    `${p}.ssh.sudoPassword`,
    ...(s.auth === 'credential' ? [`${p}.ssh.credentialId`] : []),
    ...(s.auth === 'key' ? [`${p}.ssh.privateKey`, `${p}.ssh.passphrase`] : []),
    ...(s.auth === 'password' ? [`${p}.ssh.password`] : []),
  ];
}

/** Every field path a step renders an input (or a row) for; server errors are placed on these. */
export function fieldPaths(step: StepIndex, d: Draft): string[] {
  if (step === 0) {
    return [
      'name',
      'provider',
      'postgresVersion',
      ...d.nodes.flatMap((n, i) => [
        `nodes.${i}`,
        `nodes.${i}.name`,
        `nodes.${i}.port`,
        ...(d.provider === 'ssh' && d.machines === null ? sshFieldPaths(i, n.ssh) : []),
        ...(d.machines !== null ? [`nodes.${i}.address`] : []),
      ]),
      ...machinesFieldPaths(d),
    ];
  }
  if (step === 2) return ['backups', ...d.backups.flatMap((_, i) => BACKUP_FIELDS.map((f) => `backups.${i}${f}`))];
  if (step === 1) {
    return [
      'database',
      ...d.tables.flatMap((t, i) => [
        `tables.${i}`,
        `tables.${i}.name`,
        `tables.${i}.columns`,
        ...t.columns.flatMap((_, j) => [`tables.${i}.columns.${j}.name`, `tables.${i}.columns.${j}.type`]),
      ]),
      ...d.publications.flatMap((_, i) =>
        ['', '.node', '.name', '.tables'].map((f) => `publications.${i}${f}`),
      ),
      ...d.subscriptions.flatMap((_, i) =>
        ['', '.node', '.name', '.publisher', '.publications', '.origin'].map((f) => `subscriptions.${i}${f}`),
      ),
      ...d.standbys.flatMap((_, i) =>
        ['', '.node', '.upstream', '.slot', '.walArchive'].map((f) => `standbys.${i}${f}`),
      ),
    ];
  }
  return [];
}

export interface PlacedErrors {
  byField: Record<string, string[]>;
  /** Problems with no field on this step: shown in the summary at the top. */
  unplaced: ApiIssue[];
}

/** Put each problem on the most specific field whose path is a prefix of the problem's path. */
export function placeErrors(issues: ApiIssue[], paths: string[]): PlacedErrors {
  const known = new Set(paths);
  const byField: Record<string, string[]> = {};
  const unplaced: ApiIssue[] = [];
  for (const issue of issues) {
    const parts = issue.path === '' ? [] : issue.path.split('.');
    let field: string | undefined;
    for (let n = parts.length; n > 0 && field === undefined; n--) {
      const candidate = parts.slice(0, n).join('.');
      if (known.has(candidate)) field = candidate;
    }
    if (field === undefined) unplaced.push(issue);
    else (byField[field] ??= []).push(issue.message);
  }
  return { byField, unplaced };
}

/** DOM id of the input for a field path (`nodes.2.port` → `f-nodes-2-port`). */
export function fieldId(path: string): string {
  return `f-${path.replace(/\./g, '-')}`;
}
