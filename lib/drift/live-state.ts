/** One setting as pg_settings shows it: `setting` is in `unit` (e.g. 512 with unit MB, 1000 with unit ms). */
export interface LiveSetting {
  setting: string;
  unit: string | null;
  /** pg_settings.vartype: bool, integer, real, string or enum. */
  vartype: string;
  /** The running value differs from the configuration files: it changes on the next restart. */
  pendingRestart: boolean;
  /** Where the running value comes from (e.g. postgresql.auto.conf after ALTER SYSTEM); null for defaults. */
  sourceFile: string | null;
}

export interface LiveRole {
  name: string;
  canLogin: boolean;
  replication: boolean;
  superuser: boolean;
  /** Member of pg_monitor (directly or not). */
  monitor: boolean;
}

export interface LiveTable {
  /** A table of the public schema. */
  name: string;
  /** pgcascade's own roles (pgcascade_*) that may read it: USAGE on public and SELECT on the table. */
  readers: string[];
}

export interface LivePublication {
  name: string;
  /** Published tables of the public schema, sorted. */
  tables: string[];
  /** The row filter as PostgreSQL prints it, e.g. `(origin = 'vm1'::text)`; null without one. */
  rowFilter: string | null;
}

export interface LiveSubscription {
  name: string;
  enabled: boolean;
  /** host and port of the connection string; the rest (password included) is never read. */
  host: string | null;
  port: number | null;
  publications: string[];
  slotName: string | null;
}

export interface LiveSlot {
  name: string;
  type: 'physical' | 'logical';
  active: boolean;
}

/** A standby's upstream: primary_conninfo's host and port (never its password), primary_slot_name, wal_receiver. */
export interface LiveUpstream {
  host: string | null;
  port: number | null;
  slot: string | null;
  /** pg_stat_wal_receiver.status (`streaming`, ...), or null when no WAL receiver runs. */
  receiverStatus: string | null;
}

export interface UnreachableNode {
  up: false;
  /** Why it could not be read (connection refused, timeout, ...). */
  error: string;
}

/** What was read from one running node. */
export interface ReachableNode {
  up: true;
  inRecovery: boolean;
  /** By name; every setting except those that may hold a password (primary_conninfo, ...). */
  settings: Record<string, LiveSetting>;
  /** The managed settings file and pg_hba.conf as they are on disk; null when missing. */
  settingsFile: string | null;
  hbaFile: string | null;
  /** Roles other than PostgreSQL's own (pg_*). */
  roles: LiveRole[];
  databases: string[];
  /** Objects of the topology's database; empty when that database is missing. */
  tables: LiveTable[];
  /** The heartbeat table's arrival trigger exists and fires always (also for the apply worker). */
  heartbeatTrigger: boolean;
  publications: LivePublication[];
  subscriptions: LiveSubscription[];
  slots: LiveSlot[];
  /** Only while in recovery. */
  upstream: LiveUpstream | null;
}

export type LiveNode = UnreachableNode | ReachableNode;
