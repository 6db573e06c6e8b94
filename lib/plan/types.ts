import type { Topology } from '@/lib/topology/schema';
import type { Machines } from '@/lib/topology/machines';
import type { Settings } from '@/lib/postgres/settings';
import type { HbaRule } from '@/lib/postgres/pg-hba';
import type { ServiceCommands } from './layout';

/** One thing a step runs. Text may hold `{{secret:<name>}}` placeholders, filled in only at execution. */
export type Command =
  | { type: 'sql'; database: string; sql: string }
  /** `stopsServer`: the command stops or restarts the node's server, so the job drops its connections first. */
  | { type: 'shell'; argv: string[]; asPostgres: boolean; env?: Record<string, string>; stdin?: string; stopsServer?: boolean }
  | { type: 'file'; path: string; content: string; mode: number; asPostgres: boolean }
  /** Insert (or replace) a marked block at the top of a file: pg_hba.conf's managed rules. */
  | { type: 'managed-block'; path: string; block: string; asPostgres: boolean };

/** What each kind of step needs to check the live state and verify its result. */
export type StepParams =
  | { kind: 'check-binaries'; binDir: string | null; postgresVersion: number; root: string }
  | { kind: 'check-host'; postgresVersion: number; address: string }
  | { kind: 'check-port'; port: number; dataDir: string; service: ServiceCommands }
  | { kind: 'check-clock'; warnMs: number; blockMs: number }
  /** From the node itself, once the upstream listens: the port its subscription or clone connects to answers. */
  | {
      kind: 'check-reachable';
      upstream: string;
      host: string;
      port: number;
      fromAddress: string;
      /** With TLS: the handshake as the replication connection makes it (verify-full against the node's CA file). */
      tls?: { caFile: string; database: string; user: string };
    }
  | { kind: 'install-postgres'; version: number }
  | { kind: 'create-cluster'; version: number; port: number }
  | { kind: 'init-cluster'; dataDir: string }
  /**
   * A new subscriber node started from a physical copy of its publisher (`initialCopy: physical | auto`), in place
   * of initdb: `clone` runs before the clone's own SQL (slot, cleanup, subscription, origin), `finish` after it;
   * `rows` is the plain initdb when `auto` finds the publisher's database under `thresholdBytes`.
   */
  | {
      kind: 'start-subscriber';
      method: 'physical' | 'auto';
      thresholdBytes: number;
      dataDir: string;
      /** The node's server log, shown when the clone does not start. */
      logFile: string;
      database: string;
      publisher: string;
      subscription: string;
      /** The logical slot on the publisher, made before the clone: the subscription's own (create_slot = false). */
      slot: string;
      /** CREATE SUBSCRIPTION … WITH (copy_data = false, create_slot = false, enabled = false, slot_name = slot). */
      subscriptionSql: string;
      clone: Command[];
      finish: Command[];
      rows: Command[];
    }
  | { kind: 'set-settings'; path: string; mainConf: string; includeLine: string; settings: Settings; dirs: string[] }
  | { kind: 'write-pg-hba'; path: string; rules: HbaRule[] }
  /** The node's server certificate for `hosts`, its key and the cluster's CA, from the `tls_*` secrets. */
  | { kind: 'write-tls'; dir: string; certFile: string; keyFile: string; caFile: string; hosts: string[]; certSecret: string; keySecret: string }
  /** `settings`: the names pgcascade manages on the node, compared with what runs. */
  | { kind: 'ensure-running'; port: number; service: ServiceCommands; settings?: string[] }
  | { kind: 'create-admin-role'; role: string; secret: string }
  | { kind: 'create-role'; role: string; secret: string }
  | { kind: 'create-database'; database: string }
  | { kind: 'create-table'; database: string; table: string }
  | { kind: 'grant-select'; database: string; role: string; tables: string[] }
  /** A publisher's existing tables (`schema.name`) made on a subscriber from the publisher's definitions (pg_dump). */
  | { kind: 'copy-schema'; database: string; publisher: string; host: string; port: number; tables: string[]; pgDump: string }
  /** Before anything changes: the publisher has these tables, and subscribers that have them define them alike. */
  | { kind: 'set-replica-identity'; database: string; table: string; identity: 'full' | { index: string } }
  | { kind: 'check-tables'; database: string; tables: string[]; subscribers: Array<{ node: string; tables: string[] }>; needsIdentity?: string[] }
  | { kind: 'create-publication'; database: string; publication: string; tables: string[]; originFilter?: string; publish?: string[] }
  | { kind: 'create-heartbeat'; database: string }
  | { kind: 'create-write-guard'; database: string; table: string; publisher: string }
  | { kind: 'create-monitor-role'; database: string; role: string; secret: string }
  | { kind: 'create-physical-slot'; slot: string }
  | {
      kind: 'clone-standby';
      dataDir: string;
      upstream: string;
      upstreamHost: string;
      upstreamPort: number;
      slot: string;
      service: ServiceCommands;
      /** The standby already follows a node of the same physical lineage: a new upstream is a repoint, not a re-clone. */
      mayRepoint?: boolean;
      /** The password file primary_conninfo names (the password itself is never in primary_conninfo). */
      passFile?: string;
      /** With TLS: verify the upstream against this CA file (sslmode=verify-full). */
      tls?: { caFile: string };
    }
  | {
      kind: 'create-subscription';
      database: string;
      subscription: string;
      publisher: string;
      host: string;
      port: number;
      publications: string[];
      /** Every table those publications publish (`schema.table`), the heartbeat's included: what REFRESH makes it receive. */
      tables?: string[];
      origin?: 'any' | 'none';
      /** With TLS: verify the publisher against this CA file on the subscriber (sslmode=verify-full). */
      tls?: { caFile: string };
      /** Made disabled: the node's enable-subscriptions step enables it with the node's other subscriptions at once. */
      enabledTogether?: true;
    }
  /** A node's subscriptions enabled in one transaction, so the launcher starts all their workers in one pass. */
  | { kind: 'enable-subscriptions'; database: string; subscriptions: string[] }
  | { kind: 'drop-subscription'; database: string; subscription: string; publisher: string }
  | { kind: 'drop-publication'; database: string; publication: string }
  | { kind: 'drop-slot'; slot: string; slotType: 'physical' | 'logical'; consumer: string }
  | { kind: 'wait-sync'; database: string; subscriptions: string[] }
  | { kind: 'create-wal-reader'; archiveDir: string; role: string }
  | { kind: 'write-files'; paths: string[] }
  | { kind: 'stop-node'; dataDir: string; service: ServiceCommands }
  | { kind: 'remove-node'; dir: string }
  | { kind: 'drop-replication'; database: string; subscriptions: string[]; publications: string[]; slots: string[] }
  | { kind: 'fence-node'; database: string; subscriptions: string[]; standby: string; mode: 'failover' | 'switchover'; service: ServiceCommands }
  | { kind: 'promote-standby'; database: string; subscriptions: string[]; settingsFile: string; service: ServiceCommands }
  | { kind: 'check-loss'; database: string; subscription: string; publisher: string; replaced: string }
  | { kind: 'resume-subscriptions'; database: string; subscriptions: string[] }
  /**
   * After a takeover: each sequence of the new node's replicated tables (public schema) set to max(publisher's last
   * value, the column's maximum on the node) + margin, never backwards. `publishers`: whose tables each one reads.
   */
  | { kind: 'sync-sequences'; database: string; tables: string[]; publishers: Array<{ node: string; tables: string[] }>; margin: number }
  // Schema changes (lib/plan/schema-change.ts, lib/jobs/handlers/schema-change.ts)
  /** A schema change's statements on one writable node, in order; each is skipped where its probe finds it applied. */
  | { kind: 'run-ddl'; database: string; statements: Array<{ sql: string; probe: string }> }
  /** Tables added to a publication (and readable by the logical role); the ones it has already are left. */
  /** `changes`: the publication publishes UPDATE or DELETE, so each table needs a key (or replica identity). */
  | { kind: 'publish-tables'; database: string; publication: string; tables: string[]; changes: boolean }
  /** ALTER SUBSCRIPTION … REFRESH PUBLICATION: the subscriber starts receiving (and copying) the added tables. */
  | { kind: 'refresh-subscription'; database: string; subscription: string }
  /** The changed tables' columns and types are the same on every node, standbys included; dropped ones are gone. */
  | { kind: 'verify-schema'; database: string; tables: string[]; dropped: string[]; nodes: string[] }
  // pgBackRest (lib/objects/pgbackrest-*.ts, lib/jobs/handlers/backup.ts)
  | { kind: 'install-pgbackrest'; canInstall: boolean }
  | { kind: 'write-pgbackrest-config'; path: string; content: string; dirs: string[]; repoPath: string }
  | { kind: 'create-stanza'; stanza: string; repoPath: string; standby?: string }
  /** SSH hosts: the backup node's key (from a secret), the pinned host keys of the hosts it reaches, and pgBackRest's cmd-ssh. */
  | { kind: 'write-pgbackrest-ssh'; keyFile: string; knownHostsFile: string; wrapperFile: string; wrapper: string; keySecret: string; knownHostsSecret: string; peers: string[] }
  /** SSH hosts: the keys of the backup nodes that reach this host's postgres user, each only from its node's address. */
  | { kind: 'authorize-pgbackrest-ssh'; file: string; keys: { node: string; from: string; pubSecret: string }[] }
  | { kind: 'run-backup'; stanza: string; type: BackupType; argv: string[]; trigger: 'manual' | 'schedule'; covers?: ('full' | 'differential' | 'incremental')[] }
  | { kind: 'restore-backup'; stanza: string; scratch: ScratchCluster; restoreArgv: string[]; target: RestoreTarget }
  | { kind: 'run-drill'; stanza: string; database: string; scratch: ScratchCluster; restoreArgv: string[]; verifyArgv: string[]; restorePoint: string; trigger: 'manual' | 'schedule' }
  /** A new standalone node restored from the backups (never part of the topology): the report says how to connect. */
  | { kind: 'restore-node'; stanza: string; restored: RestoredNode; restoreArgv: string[]; target: RestoreTarget }
  /** The backup node itself restored over its own data directory (`--delta`): stopped, restored, started, promoted. */
  | {
      kind: 'restore-in-place';
      stanza: string;
      restoreArgv: string[];
      target: RestoreTarget;
      dataDir: string;
      service: ServiceCommands;
      /** The node's own configuration files inside its data directory (local clusters): kept as they are now, not as the backup had them. */
      keepFiles: string[];
      /** What the user must do next, said in the report (standbys to re-clone, subscriptions whose position went back). */
      afterwards: string[];
    }
  /** Before any VM is made: the driver's credentials, folder, subnet, host (see lib/objects/machine.ts). */
  | { kind: 'check-machines'; clusterId: string; machines: Machines; nodes: string[] }
  /** `machine`: the node's effective settings (the cluster's with the node's overrides). */
  | { kind: 'create-machine'; clusterId: string; vmName: string; address: string; sshUser: string; machine: Machines }
  /** Until it answers SSH with the host key pgcascade gave it (pinned here); reports the addresses. */
  | { kind: 'wait-machine'; clusterId: string; vmName: string; address: string; machine: Machines }
  /** `nodes`: the VMs of these nodes, or every VM labelled with the cluster (destroy). */
  | { kind: 'drop-machine'; clusterId: string; machines: Machines; nodes: string[] | 'all' };

/** A throw-away cluster that a backup is restored into: on the panel host (local clusters) or on the backup node's host (SSH). */
export interface ScratchCluster {
  dir: string;
  dataDir: string;
  socketDir: string;
  logFile: string;
  port: number;
  binDir: string;
  /** The OS user it runs as (null: the panel's own). */
  runAs: string | null;
  /**
   * A Debian host keeps a node's configuration outside its data directory, so a restored copy has none: write a
   * minimal postgresql.conf (hot-standby settings from the copy's pg_control), pg_hba.conf and pg_ident.conf.
   */
  writeConfig?: boolean;
}

/** A restored copy kept as a standalone node: a scratch cluster's files, reachable over TCP at `host`. */
export interface RestoredNode extends ScratchCluster {
  name: string;
  /** Where clients connect (127.0.0.1 on the panel host; the backup node's address on an SSH host). */
  host: string;
  /** listen_addresses of the copy. */
  listen: string;
  /** The role to log in as, with the cluster's superuser password. */
  user: string;
  database: string;
}

/** What a restore recovers to: the end of the archive, a time, or a named restore point; from a given backup or the newest that fits. */
export interface RestoreTarget {
  backup?: string;
  time?: string;
  name?: string;
}

/** pgBackRest's backup types: full, differential (since the last full), incremental (since the last backup). */
export type BackupType = 'full' | 'diff' | 'incr';

export type StepKind = StepParams['kind'];

export interface Step {
  /** Stable across compiles of the same topology: `<node>/<kind>[/<object>]`. */
  id: string;
  /** The node the step acts on, or `*` for checks about the whole cluster. */
  node: string;
  kind: StepKind;
  summary: string;
  commands: Command[];
  params: StepParams;
  /** Steps that must have finished first (the plan is a graph; steps whose needs are met run at once). */
  needs?: string[];
  /** What a destructive step costs (drops, re-clones, restarts, removed clusters): it runs only when confirmed. */
  destructive?: string;
  /** A preview read against the live nodes: what this step's diff found there (`none`: already as desired). */
  live?: { action: 'create' | 'change' | 'drop' | 'replace' | 'none'; reason?: string };
}

export interface Plan {
  steps: Step[];
  /** Nodes that left the topology and whose objects this plan still removes (so the job can reach them). */
  retired?: Topology['nodes'];
  /** Steps run at once, at most (default 4). */
  concurrency?: number;
  /** The topology the cluster has once this plan succeeds, when the plan changes it (failover, switchover). */
  topology?: Topology;
  /** A takeover: the node that left the topology and the one that replaced it, so it can be rebuilt as its standby. */
  takeover?: { replaced: Topology['nodes'][number]; promoted: string; walArchive: boolean };
}

export type StepOf<K extends StepKind> = Step & { kind: K; params: Extract<StepParams, { kind: K }> };
