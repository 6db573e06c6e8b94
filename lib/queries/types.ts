import type { EdgeState, NodeState, PathLatency, SlotState, SubscriptionState } from '@/lib/monitor/snapshot';
import type { Topology, ValidationIssue } from '@/lib/topology/schema';
import type { Json } from '@/lib/http/json';
import type { presentCluster, presentClusterSummary, presentDrift } from '@/lib/clusters/present';
import type { presentJob } from '@/lib/jobs/present';
import type { maskedPlan } from '@/lib/plan/render';
import type { LogLine as LogLineRow } from '@/lib/db/repositories/jobs';
import type { RetiredNode as RetiredNodeRow } from '@/lib/clusters/takeover';
import type { insertTestRow, NodeRows as NodeRowsRow } from '@/lib/clusters/live';
import type { takeoverCommand } from '@/lib/http/cluster-commands';
import type { listApiTokens } from '@/lib/auth/auth';
import type { listUsers } from '@/lib/auth/users';
import type { listAudit } from '@/lib/audit/record';
import type { listCredentials } from '@/lib/db/repositories/credentials';
import type { listHostKeys } from '@/lib/db/repositories/host-keys';
import type { monitoringSettings } from '@/lib/monitor/settings';

/**
 * Shapes of the JSON API as the browser reads them (see app/api/**). Where the server has a presenter, the type is
 * derived from it (type-only imports: no server code reaches the bundle); the rest are still written out here.
 */

export type ApiIssue = ValidationIssue;

export type { ClusterStatus } from '@/lib/db/repositories/clusters';
export type { JobKind, JobStatus, StepStatus } from '@/lib/db/repositories/jobs';
export type NodeRole = 'publisher' | 'subscriber' | 'standby' | 'upstream';

export type Plan = Json<ReturnType<typeof maskedPlan>>;
export type PlanStep = Plan['steps'][number];

export type ClusterSummary = Json<ReturnType<typeof presentClusterSummary>>;
export type ClusterDetail = Json<ReturnType<typeof presentCluster>>;
export type NodeStatus = ClusterDetail['nodes'][number];
export type JobSummary = ClusterDetail['jobs'][number];

export type Job = Json<ReturnType<typeof presentJob>>;
export type JobStep = Job['steps'][number];
export type StepError = NonNullable<JobStep['error']>;
export type LogLine = Json<LogLineRow>;

export type NodeRows = Json<NodeRowsRow>;
export type TestRow = NodeRows['rows'][number];
export type InsertedRow = Json<Awaited<ReturnType<typeof insertTestRow>>>;

/** A topology as sent to the server: possibly incomplete (a wizard draft); the server validates it. */
export type TopologyBody = Partial<Topology> | Record<string, unknown>;

export type Role = 'viewer' | 'operator' | 'admin';

export interface AuthStatus {
  setupRequired: boolean;
  authenticated: boolean;
  user: { name: string; role: Role } | null;
}

type Row<F extends (...args: never[]) => Promise<unknown[]>> = Json<Awaited<ReturnType<F>>[number]>;

export type ApiToken = Row<typeof listApiTokens>;

/** The answer to creating a token: the only time `token` is ever shown. */
export interface CreatedApiToken {
  id: string;
  name: string;
  token: string;
}

export type Credential = Row<typeof listCredentials>;

export type HostKey = Row<typeof listHostKeys>;

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
export type MonitoringSettings = Json<ReturnType<typeof monitoringSettings>>;

/** The body of PUT /api/clusters/:id/monitoring: only what changes. */
export interface MonitoringUpdate {
  intervalSeconds?: number;
  thresholds?: { lagSeconds?: number; retainedWalBytes?: number };
}

export type TakeoverMode = 'failover' | 'switchover';

/** 202 of POST /api/clusters/:id/failover and /switchover. */
export type TakeoverQueued = Json<Awaited<ReturnType<typeof takeoverCommand>>>;

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

/** GET/POST /api/clusters/:id/drift. `checkedAt` is null before the first check. */
export type DriftReport = Json<ReturnType<typeof presentDrift>>;
/** One difference between a node's live state and the topology, with the plan step that corrects it. */
export type DriftItem = DriftReport['drift'][number];

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
export type RetiredNode = Json<RetiredNodeRow>;

export type PanelUser = Row<typeof listUsers>;

export type AuditEntry = Row<typeof listAudit>;

export interface AuditFilter {
  actor: string;
  action: string;
  outcome: string;
}
