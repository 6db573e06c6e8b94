import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const clusters = pgTable('clusters', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** The desired topology, without secrets (SSH secrets live in `secrets`). */
  topology: jsonb('topology').notNull(),
  /** new | applying | ready | failed | destroying | destroyed */
  status: text('status').notNull(),
  /** Sampling interval and alert thresholds (MonitoringSettings); null keeps the defaults. */
  monitoring: jsonb('monitoring'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Generated passwords and credentials, AES-256-GCM encrypted. */
export const secrets = pgTable(
  'secrets',
  {
    clusterId: text('cluster_id').notNull(),
    name: text('name').notNull(),
    ciphertext: text('ciphertext').notNull(),
  },
  (t) => [primaryKey({ columns: [t.clusterId, t.name] })],
);

export const jobs = pgTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    clusterId: text('cluster_id').notNull(),
    /** apply | destroy */
    kind: text('kind').notNull(),
    /** queued | running | succeeded | failed | cancelled */
    status: text('status').notNull(),
    /** The plan saved before anything ran: the job follows it and nothing else. */
    plan: jsonb('plan').notNull(),
    error: text('error'),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    // One job per cluster at a time, enforced by the database itself.
    uniqueIndex('jobs_one_active_per_cluster').on(t.clusterId).where(sql`status in ('queued', 'running')`),
    index('jobs_status_created').on(t.status, t.createdAt),
  ],
);

export const jobSteps = pgTable(
  'job_steps',
  {
    jobId: text('job_id').notNull(),
    idx: integer('idx').notNull(),
    stepId: text('step_id').notNull(),
    node: text('node').notNull(),
    kind: text('kind').notNull(),
    summary: text('summary').notNull(),
    /** pending | running | changed | unchanged | failed | skipped */
    status: text('status').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** { message, command?, exitCode?, stderr? } — masked. */
    error: jsonb('error'),
    /** What a step found, for steps that report something (e.g. the failover loss check). */
    result: jsonb('result'),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.idx] })],
);

export const jobLogs = pgTable(
  'job_logs',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    jobId: text('job_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    node: text('node'),
    stepId: text('step_id'),
    /** stdout | stderr | info */
    stream: text('stream').notNull(),
    text: text('text').notNull(),
  },
  (t) => [index('job_logs_job_seq').on(t.jobId, t.seq)],
);

/** SSH host keys a person accepted (or, before 0.2, pinned on first use): the only key pgcascade logs in with. */
export const hostKeys = pgTable(
  'host_keys',
  {
    host: text('host').notNull(),
    port: integer('port').notNull(),
    fingerprint: text('fingerprint').notNull(),
    /** `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`…: the host is asked for this type. Null for older pins. */
    keyType: text('key_type'),
    pinnedAt: timestamp('pinned_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.host, t.port] })],
);

/** SSH credentials stored once and referenced by id from topologies; the secret parts are encrypted. */
export const credentials = pgTable('credentials', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  username: text('username').notNull(),
  /** AES-256-GCM sealed JSON: { privateKey?, passphrase?, password?, sudoPassword? } */
  ciphertext: text('ciphertext').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Panel settings (the admin password's hash lived here before users; migrated into `users`). */
export const panelSettings = pgTable('panel_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** Panel users: each has a role (viewer | operator | admin) and an scrypt password hash. */
export const users = pgTable('users', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  role: text('role').notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Browser sessions; only the SHA-256 of the cookie value is stored. A session ends with its user's password. */
export const sessions = pgTable('sessions', {
  idHash: text('id_hash').primaryKey(),
  userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** API tokens for `Authorization: Bearer`; only their SHA-256 is stored, the token is shown once. */
export const apiTokens = pgTable('api_tokens', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  /** viewer | operator | admin; tokens made before roles existed had every right, so they stay admin. */
  role: text('role').notNull().default('admin'),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  createdBy: text('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
});

/** One row per change made through the panel (and every login attempt): who, from where, what, the outcome. Never a secret. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** user | token | anonymous */
    actorKind: text('actor_kind').notNull(),
    actor: text('actor').notNull(),
    clientAddress: text('client_address'),
    /** `METHOD /api/route/:pattern`, e.g. `POST /api/clusters/:id/apply`. */
    action: text('action').notNull(),
    clusterId: text('cluster_id'),
    node: text('node'),
    /** What else the action was about: a user name, a token name, a job id. */
    target: text('target'),
    /** ok | denied | refused | error */
    outcome: text('outcome').notNull(),
    status: integer('status').notNull(),
  },
  (t) => [index('audit_log_at').on(t.at), index('audit_log_actor_at').on(t.actor, t.at)],
);

/** Raw samples of every series, one point a tick, kept for an hour. */
export const metricPoints = pgTable(
  'metric_points',
  {
    clusterId: text('cluster_id').notNull(),
    series: text('series').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    value: doublePrecision('value').notNull(),
  },
  (t) => [index('metric_points_cluster_series_at').on(t.clusterId, t.series, t.at), index('metric_points_at').on(t.at)],
);

/** One-minute min/avg/max of every series, kept for seven days. */
export const metricRollups = pgTable(
  'metric_rollups',
  {
    clusterId: text('cluster_id').notNull(),
    series: text('series').notNull(),
    minute: timestamp('minute', { withTimezone: true }).notNull(),
    min: doublePrecision('min').notNull(),
    avg: doublePrecision('avg').notNull(),
    max: doublePrecision('max').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.clusterId, t.series, t.minute] })],
);

/** Ten-second min/avg/max of every series, kept as long as the raw samples: an hour's chart reads these. */
export const metricBuckets = pgTable(
  'metric_buckets',
  {
    clusterId: text('cluster_id').notNull(),
    series: text('series').notNull(),
    bucket: timestamp('bucket', { withTimezone: true }).notNull(),
    min: doublePrecision('min').notNull(),
    avg: doublePrecision('avg').notNull(),
    max: doublePrecision('max').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.clusterId, t.series, t.bucket] }), index('metric_buckets_cluster_bucket').on(t.clusterId, t.bucket)],
);

/** The last drift check of each cluster: what differs between the live nodes and the desired topology. */
export const clusterDrift = pgTable('cluster_drift', {
  clusterId: text('cluster_id').primaryKey(),
  checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
  drift: jsonb('drift').notNull(),
  error: text('error'),
});

/** The latest snapshot of each cluster (nodes, edges, subscriptions, slots). */
export const clusterStatus = pgTable('cluster_status', {
  clusterId: text('cluster_id').primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  snapshot: jsonb('snapshot').notNull(),
});

/** Alerts with when they started and cleared. */
export const alerts = pgTable(
  'alerts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    clusterId: text('cluster_id').notNull(),
    key: text('key').notNull(),
    severity: text('severity').notNull(),
    message: text('message').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    clearedAt: timestamp('cleared_at', { withTimezone: true }),
  },
  (t) => [index('alerts_cluster_open').on(t.clusterId, t.clearedAt)],
);

/** Which process samples and drift-checks a cluster: one owner at a time, renewed every tick, taken over once expired. */
export const monitorLeases = pgTable('monitor_leases', {
  clusterId: text('cluster_id').primaryKey(),
  owner: text('owner').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** Processes that sample, with when each last ticked: how many share the clusters. */
export const monitorWorkers = pgTable('monitor_workers', {
  owner: text('owner').primaryKey(),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
});

/** Where a cluster's alerts are sent: a signed JSON webhook, a Slack-compatible webhook, or Alertmanager. */
export const notificationChannels = pgTable(
  'notification_channels',
  {
    id: text('id').primaryKey(),
    clusterId: text('cluster_id').notNull(),
    /** webhook | slack | alertmanager */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    url: text('url').notNull(),
    /** The webhook's signing secret, AES-256-GCM sealed (lib/secrets); null for the other kinds. */
    secretCiphertext: text('secret_ciphertext'),
    enabled: boolean('enabled').notNull().default(true),
    /** Alerts alive since then are sent: set at creation and whenever the channel is enabled again. */
    enabledAt: timestamp('enabled_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notification_channels_cluster').on(t.clusterId)],
);

/** One alert event for one channel: durable, retried with backoff until delivered or given up. */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channelId: text('channel_id').notNull(),
    clusterId: text('cluster_id').notNull(),
    /** The alert (null for a test). */
    alertId: bigint('alert_id', { mode: 'number' }),
    /** open | resolved | test */
    event: text('event').notNull(),
    /** `<channel>:<alert>:<event>`: the database refuses a second delivery of the same event. */
    dedupeKey: text('dedupe_key').notNull().unique(),
    /** pending | sending | delivered | failed */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [index('notification_deliveries_due').on(t.status, t.nextAttemptAt), index('notification_deliveries_cluster').on(t.clusterId, t.id)],
);

/** Every attempt of a delivery: the delivery log (status code, time, attempt); no URL or secret. */
export const notificationAttempts = pgTable(
  'notification_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: bigint('delivery_id', { mode: 'number' }).notNull(),
    attempt: integer('attempt').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('notification_attempts_delivery').on(t.deliveryId)],
);
