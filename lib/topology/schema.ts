import { z } from 'zod';
import { isPlainTypeName } from './column-type';
import { backupSchema } from './backup-schema';
import { machinesSchema, nodeMachineSchema } from './machines';

/** A PostgreSQL identifier as pgcascade accepts it: lower case, unquoted form, at most 63 bytes. */
export const identifierSchema = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case identifier: a letter or _, then letters, digits or _ (at most 63)');

/** A plain type name such as `integer`, `varchar(100)`, `numeric(10, 2)`, `timestamp with time zone`, `text[]`. */
export const columnTypeSchema = z
  .string()
  .max(100)
  // Length first, then tokens: the check never runs on a long string (see column-type.ts).
  .refine((v) => v.length > 100 || isPlainTypeName(v), 'must be a plain type name such as integer, text, varchar(100) or numeric(10, 2)');

export const portSchema = z.number().int('must be a whole number').min(1, 'must be between 1 and 65535').max(65535, 'must be between 1 and 65535');

export const columnSchema = z.strictObject({
  name: identifierSchema,
  type: columnTypeSchema,
  primaryKey: z.boolean().optional(),
});

export const tableSchema = z.strictObject({
  name: identifierSchema,
  columns: z.array(columnSchema).min(1, 'a table needs at least one column').max(100),
  /** Reject writes made directly on the copies of this table that nodes subscribe to (the apply worker is not affected). */
  guardCopies: z.boolean().optional(),
});

export const sshSchema = z.strictObject({
  user: z.string().min(1).max(64).regex(/^[a-z_][a-z0-9_.-]*$/, 'must be a user name'),
  port: portSchema.optional(),
  privateKey: z.string().max(20_000).optional(),
  password: z.string().max(1_000).optional(),
  passphrase: z.string().max(1_000).optional(),
  sudoPassword: z.string().max(1_000).optional(),
  credentialId: z.string().max(100).optional(),
});

/** A table that exists on a publisher: `schema.name`, each part as PostgreSQL spells it (case kept, no quotes). */
export const qualifiedTableSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_$]{0,62}\.[A-Za-z_][A-Za-z0-9_$]{0,62}$/, 'must be a table name (lower case) or an existing table as schema.name');

export const nodeSchema = z.strictObject({
  name: identifierSchema,
  port: portSchema,
  /** Where peers reach this node; the local provider always uses 127.0.0.1. */
  address: z.string().max(253).regex(/^[A-Za-z0-9.:-]+$/, 'must be an IP address or host name').optional(),
  ssh: sshSchema.optional(),
  /** With `machines`: this node's overrides, or `false` for a host that already exists. */
  machine: nodeMachineSchema.optional(),
  /** Local provider: an existing cluster's data directory outside the panel's own folder (an adopted node). */
  dataDir: z.string().max(1000).regex(/^\/[A-Za-z0-9_./-]*$/, 'must be an absolute path').optional(),
  /** The node ran before pgcascade knew it (imported): pgcascade never initialises, reconfigures, stops or removes it. */
  adopted: z.boolean().optional(),
});

/**
 * How subscribers find the row an UPDATE or DELETE changed, for a table without a primary key: `full` (the whole old
 * row is logged and matched) or a unique index on NOT NULL columns.
 */
export const replicaIdentitySchema = z.union([z.literal('full'), z.strictObject({ index: z.string().regex(/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/, 'must be an index name') })]);

export const publicationSchema = z.strictObject({
  node: identifierSchema,
  name: identifierSchema,
  tables: z.array(z.union([identifierSchema, qualifiedTableSchema], { error: 'must be a table name (lower case) or an existing table as schema.name' })).min(1, 'a publication needs at least one table').max(1000),
  /** What it publishes (default all four); `["insert"]` publishes a table without a key insert-only. */
  publish: z.array(z.enum(['insert', 'update', 'delete', 'truncate'])).min(1).max(4).optional(),
  /** Per table of `tables` without a primary key: the replica identity pgcascade sets on the publisher. */
  replicaIdentity: z.record(z.string().max(130), replicaIdentitySchema).optional(),
  /** It existed before pgcascade (imported): dropped only when removed from the topology and confirmed. */
  adopted: z.boolean().optional(),
});

export const subscriptionSchema = z.strictObject({
  node: identifierSchema,
  name: identifierSchema,
  publisher: identifierSchema,
  publications: z.array(identifierSchema).min(1, 'a subscription needs at least one publication').max(100),
  /** PostgreSQL 16+: `none` only receives changes that originated on the publisher (breaks insert loops). */
  origin: z.enum(['any', 'none']).optional(),
  /**
   * How a new subscriber node gets its first copy of the data: `rows` (default: the table-sync workers COPY every
   * table), `physical` (a pg_basebackup clone of the publisher, then the subscription from where the clone ends),
   * `auto` (physical when the publisher's database is at least 1 GB). Local clusters only, one per node.
   */
  initialCopy: z.enum(['rows', 'physical', 'auto']).optional(),
  /** It existed before pgcascade (imported): its connection stays the user's; dropped only when removed and confirmed. */
  adopted: z.boolean().optional(),
});

export const standbySchema = z.strictObject({
  node: identifierSchema,
  upstream: identifierSchema,
  /** Physical replication slot on the upstream; defaults to `pgcascade_<node>`. */
  slot: identifierSchema.optional(),
  /** Archive the upstream's WAL and let the standby fall back to it with restore_command. */
  walArchive: z.boolean().optional(),
  /** It streamed before pgcascade (imported): never re-cloned or reconfigured by pgcascade. */
  adopted: z.boolean().optional(),
});

export const topologySchema = z.strictObject({
  name: z.string().min(1, 'a cluster needs a name').max(100).regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/, 'use letters, digits, space, _ . -'),
  provider: z.enum(['local', 'ssh']),
  postgresVersion: z.number().int().min(13, 'PostgreSQL 13 or newer is supported').max(18, 'PostgreSQL 18 or older is supported'),
  database: identifierSchema,
  tables: z.array(tableSchema).max(200),
  nodes: z.array(nodeSchema).min(1, 'a cluster needs at least one node').max(100),
  publications: z.array(publicationSchema).max(200).default([]),
  subscriptions: z.array(subscriptionSchema).max(400).default([]),
  standbys: z.array(standbySchema).max(100).default([]),
  /** TLS between nodes (a CA per cluster, `hostssl`, `sslmode=verify-full`): on unless false for SSH clusters, off unless true for local ones. */
  tls: z.boolean('must be true or false').optional(),
  /** pgBackRest backups of a node, optionally read from its standby (see lib/objects/pgbackrest-*.ts). */
  backups: z.array(backupSchema).max(100).optional(),
  /** Create the nodes' VMs first (the provider is then `ssh`: pgcascade logs in with a key it generated). */
  machines: machinesSchema.optional(),
  /** The role the panel logs in as, when not its own (an imported cluster's existing superuser). */
  superuser: z.string().min(1).max(63).regex(/^[A-Za-z_][A-Za-z0-9_$]*$/, 'must be a role name').optional(),
});

export type Column = z.infer<typeof columnSchema>;
export type Table = z.infer<typeof tableSchema>;
export type NodeSpec = z.infer<typeof nodeSchema>;
export type Publication = z.infer<typeof publicationSchema>;
export type ReplicaIdentity = z.infer<typeof replicaIdentitySchema>;
export type Subscription = z.infer<typeof subscriptionSchema>;
export type Standby = z.infer<typeof standbySchema>;
export type Backup = z.infer<typeof backupSchema>;
export type Topology = z.infer<typeof topologySchema>;
/** What a client sends: defaults not yet applied. */
export type TopologyInput = z.input<typeof topologySchema>;

/** Whether nodes talk TLS to each other: SSH clusters unless `tls: false`, local ones only with `tls: true`. */
export function tlsEnabled(t: { provider?: string | undefined; tls?: boolean | undefined }): boolean {
  return t.tls ?? t.provider === 'ssh';
}

/** One validation problem: a dotted path into the topology (`nodes.2.port`) and what is wrong. */
export interface ValidationIssue {
  path: string;
  message: string;
}
