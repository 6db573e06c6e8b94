import type { EdgeState, NodeState, PathLatency, SlotState, SubscriptionState } from '@/lib/monitor/snapshot';
import type { Topology } from '@/lib/topology/schema';

/** Shapes of the JSON API as the browser reads them (see app/api/**). */

export interface ApiIssue {
  path: string;
  message: string;
}

export type ClusterStatus = 'new' | 'applying' | 'ready' | 'failed' | 'destroying' | 'destroyed';
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type StepStatus = 'pending' | 'running' | 'changed' | 'unchanged' | 'failed' | 'skipped';
export type JobKind = 'apply' | 'destroy' | 'reconcile' | 'failover' | 'switchover';
export type NodeRole = 'publisher' | 'subscriber' | 'standby' | 'upstream';

export interface PlanStep {
  id: string;
  /** `*` for pre-flight checks that concern no single node. */
  node: string;
  kind: string;
  summary: string;
  /** Rendered commands and SQL, secrets masked. */
  commands: string[];
  /** Steps that must finish first (steps of other nodes whose needs are met run at the same time). */
  needs?: string[];
  /** What a destructive step costs: it runs only once the user has confirmed. */
  destructive?: string;
  /** Read against the live nodes (a re-apply's preview): `none` changes nothing; otherwise which change and why. */
  live?: { action: 'create' | 'change' | 'drop' | 'replace' | 'none'; reason?: string };
}

export interface Plan {
  steps: PlanStep[];
}

export interface ClusterSummary {
  id: string;
  name: string;
  status: ClusterStatus;
  provider: 'local' | 'ssh';
  nodes: string[];
  createdAt: string;
  lastJob: { id: string; kind: JobKind; status: JobStatus } | null;
}

export interface NodeStatus {
  name: string;
  roles: NodeRole[];
  address: string;
  port: number;
  up: boolean;
  inRecovery: boolean | null;
  version: string | null;
  error?: string;
}

export interface JobSummary {
  id: string;
  kind: JobKind;
  status: JobStatus;
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface ClusterDetail {
  id: string;
  name: string;
  status: ClusterStatus;
  createdAt: string;
  /** Secrets masked. */
  topology: Topology;
  nodes: NodeStatus[];
  jobs: JobSummary[];
}

export interface StepError {
  message: string;
  command?: string;
  exitCode?: number;
  stderr?: string;
  node?: string;
  database?: string;
  sqlstate?: string | null;
}

export interface JobStep extends PlanStep {
  status: StepStatus;
  startedAt: string | null;
  finishedAt: string | null;
  error: StepError | null;
  /** What the step reported (a `check-loss` step: a LossCheckResult); null when it reported nothing. */
  result: unknown;
}

export interface Job {
  id: string;
  clusterId: string;
  kind: JobKind;
  status: JobStatus;
  error: string | null;
  cancelRequested: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  steps: JobStep[];
  /** The topology a failover or switchover leads to, saved when it succeeds; null for other jobs. */
  nextTopology: Topology | null;
  /** null when the cluster row is gone. */
  clusterName: string | null;
}

export interface LogLine {
  seq: number;
  at: string;
  node: string;
  stepId: string | null;
  stream: 'stdout' | 'stderr' | 'info';
  text: string;
}

export interface TestRow {
  id: string;
  data: string | null;
}

export interface InsertedRow extends TestRow {
  insertedAt: string;
}

export interface NodeRows {
  rows: TestRow[];
  error?: string;
}

/** A topology as sent to the server: possibly incomplete (a wizard draft); the server validates it. */
export type TopologyBody = Partial<Topology> | Record<string, unknown>;

export type Role = 'viewer' | 'operator' | 'admin';

export interface AuthStatus {
  setupRequired: boolean;
  authenticated: boolean;
  user: { name: string; role: Role } | null;
}

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  expiresAt: string | null;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

/** The answer to creating a token: the only time `token` is ever shown. */
export interface CreatedApiToken {
  id: string;
  name: string;
  token: string;
}

export interface Credential {
  id: string;
  name: string;
  username: string;
  hasKey: boolean;
  hasPassword: boolean;
  hasSudoPassword: boolean;
  createdAt: string;
}

export interface HostKey {
  host: string;
  port: number;
  fingerprint: string;
  /** `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`…; null for keys pinned before the type was kept. */
  keyType: string | null;
  pinnedAt: string;
}

/** The key a host presents now (POST /api/host-keys/scan), and the one accepted for it, if any. */
export interface ScannedHostKey {
  host: string;
  port: number;
  keyType: string | null;
  fingerprint: string;
  accepted: { fingerprint: string; keyType: string | null; pinnedAt: string } | null;
}

/** A cluster's latest monitoring sample (GET /api/clusters/:id/status); `at` is null before the first one. */
export interface ClusterLiveStatus {
  at: string | null;
  nodes: NodeState[];
  edges: EdgeState[];
  subscriptions: SubscriptionState[];
  slots: SlotState[];
  /** Missing before the first sample. */
  paths?: PathLatency[];
  alerts: MonitorAlert[];
}

export type { EdgeState, NodeState, PathLatency, SlotState, SubscriptionState };

export interface MonitorAlert {
  key: string;
  severity: 'critical' | 'warning';
  message: string;
  startedAt: string;
  /** null while the alert is open. */
  clearedAt: string | null;
}

export type MetricUnit = 'B' | 's' | 'ms' | 'B/s' | '';

/** [time (epoch ms, panel clock), value, min?, max?]: min and max come with bucketed windows. */
export type MetricPoint = [t: number, value: number, min?: number, max?: number];

/** One series of GET /api/clusters/:id/metrics, e.g. `replay_lag_bytes:vm3->vm4`. */
export interface MetricSeries {
  name: string;
  metric: string;
  subject: string;
  unit: MetricUnit;
  /** `raw` (1 s samples), `<n>s` buckets, or `1m` roll-ups. */
  resolution: string;
  points: MetricPoint[];
}

/** GET/PUT /api/clusters/:id/monitoring: how often the cluster is sampled and when an alert opens. */
export interface MonitoringSettings {
  intervalSeconds: number;
  thresholds: { lagSeconds: number; retainedWalBytes: number };
}

/** The body of PUT /api/clusters/:id/monitoring: only what changes. */
export interface MonitoringUpdate {
  intervalSeconds?: number;
  thresholds?: { lagSeconds?: number; retainedWalBytes?: number };
}

export type TakeoverMode = 'failover' | 'switchover';

/** 202 of POST /api/clusters/:id/failover and /switchover. */
export interface TakeoverQueued {
  jobId: string;
  promote: string;
  /** The upstream the promoted standby replaces. */
  replaced: string;
  mode: TakeoverMode;
}

/** One table compared during a loss check: rows re-copied (missing, changed) or removed, by key range. */
export interface TableResync {
  table: string;
  missing: number;
  changed: number;
  removed: number;
  /** "5-9" ranges for one integer key column, else the first keys as JSON arrays. */
  keys: string[];
  note?: string;
}

/** The result of a `check-loss` step: one subscription of the promoted node. */
export interface LossCheckResult {
  subscription: string;
  publisher: string;
  slot: string;
  confirmedByOld: string | null;
  /** What the old node had applied, when it was fenced cleanly (what the new node is compared with then). */
  appliedByOld?: string | null;
  replayedByNew: string | null;
  /** How far the new node's replay is behind appliedByOld, or else behind confirmedByOld. */
  behindBytes: number | null;
  fencedCleanly: boolean;
  lost: boolean;
  action: string;
  tables: TableResync[];
}

/** One difference between a node's live state and the topology, with the plan step that corrects it. */
export interface DriftItem {
  node: string;
  stepId: string;
  kind: string;
  what: string;
  expected: string;
  actual: string;
}

/** GET/POST /api/clusters/:id/drift. `checkedAt` is null before the first check. */
export interface DriftReport {
  checkedAt: string | null;
  drift: DriftItem[];
  /** Why the last check could not look at everything (a node unreachable); null or absent when it could. */
  error?: string | null;
}

export type DiagnosisAction =
  | { kind: 'skip-transaction'; node: string; subscription: string; lsn: string }
  | { kind: 'disable-subscription' | 'enable-subscription'; node: string; subscription: string };

/** A problem the panel recognised, what it means and how to fix it; `action` when the panel can do it. */
export interface Diagnosis {
  /** The kind of problem (`apply-failing`, `slot-inactive`…): not unique within a list. */
  id: string;
  title: string;
  meaning: string;
  fix: string[];
  node?: string;
  action?: DiagnosisAction;
}

/** The body of POST /api/clusters/:id/subscription-actions. */
export interface SubscriptionActionInput {
  node: string;
  subscription: string;
  action: 'skip' | 'disable' | 'enable';
  lsn?: string;
}

/** A node that left in a failover or switchover and can be rebuilt as the standby of the node that replaced it. */
export interface RetiredNode {
  node: string;
  upstream: string;
  jobId: string;
}

export interface PanelUser {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  passwordChangedAt: string;
  /** The user `admin` whose password is PGCASCADE_ADMIN_PASSWORD: changed there, not here. */
  fromEnvironment: boolean;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorKind: 'user' | 'token' | 'anonymous';
  actor: string;
  clientAddress: string | null;
  action: string;
  clusterId: string | null;
  node: string | null;
  target: string | null;
  outcome: 'ok' | 'denied' | 'refused' | 'error';
  status: number;
}

export interface AuditFilter {
  actor: string;
  action: string;
  outcome: string;
}
