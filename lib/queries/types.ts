import type { z } from 'zod';
import type {
  EdgeState as EdgeStateRow,
  NodeState as NodeStateRow,
  PathLatency as PathLatencyRow,
  SlotState as SlotStateRow,
  SubscriptionState as SubscriptionStateRow,
} from '@/lib/monitor/snapshot';
import type { Topology, ValidationIssue } from '@/lib/topology/schema';
import type { Json } from '@/lib/http/json';
import type { presentCluster, presentClusterSummary, presentDrift } from '@/lib/clusters/present';
import type { presentJob } from '@/lib/jobs/present';
import type { maskedPlan } from '@/lib/plan/render';
import type { LogLine as LogLineRow } from '@/lib/db/repositories/jobs';
import type { RetiredNode as RetiredNodeRow } from '@/lib/clusters/takeover';
import type { insertTestRow, NodeRows as NodeRowsRow } from '@/lib/clusters/live';
import type { importCommand, takeoverCommand } from '@/lib/http/cluster-commands';
import type { scanHostKeyCommand } from '@/lib/http/settings-commands';
import type { createApiToken, listApiTokens } from '@/lib/auth/auth';
import type { listUsers } from '@/lib/auth/users';
import type { presentAuthStatus } from '@/lib/auth/present';
import type { listAudit } from '@/lib/audit/record';
import type { listCredentials } from '@/lib/db/repositories/credentials';
import type { listHostKeys } from '@/lib/db/repositories/host-keys';
import type { monitoringSettings, monitoringUpdateSchema } from '@/lib/monitor/settings';
import type { presentLiveStatus, presentSeries } from '@/lib/monitor/present';
import type { clusterDiagnoses, subscriptionActionSchema } from '@/lib/clusters/diagnoses';
import type { LossReport } from '@/lib/jobs/handlers/loss-check';

/**
 * Shapes of the JSON API and the server actions as the browser reads them (see app/api/**), each derived from the
 * server function that produces it (type-only imports: no server code reaches the bundle), so they cannot drift.
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

export type AuthStatus = Json<ReturnType<typeof presentAuthStatus>>;

type Row<F extends (...args: never[]) => Promise<unknown[]>> = Json<Awaited<ReturnType<F>>[number]>;

export type ApiToken = Row<typeof listApiTokens>;

/** The answer to creating a token: the only time `token` is ever shown. */
export type CreatedApiToken = Json<Awaited<ReturnType<typeof createApiToken>>>;

export type Credential = Row<typeof listCredentials>;

export type HostKey = Row<typeof listHostKeys>;

/** The key a host presents now (a scan), and the one accepted for it, if any. */
export type ScannedHostKey = Json<Awaited<ReturnType<typeof scanHostKeyCommand>>>;

/** A cluster's latest monitoring sample (GET /api/clusters/:id/status); `at` is null before the first one. */
export type ClusterLiveStatus = Json<ReturnType<typeof presentLiveStatus>>;

export type EdgeState = Json<EdgeStateRow>;
export type NodeState = Json<NodeStateRow>;
export type PathLatency = Json<PathLatencyRow>;
export type SlotState = Json<SlotStateRow>;
export type SubscriptionState = Json<SubscriptionStateRow>;

export type MonitorAlert = ClusterLiveStatus['alerts'][number];

/** GET /api/clusters/:id/metrics. */
export type MetricsAnswer = Json<ReturnType<typeof presentSeries>>;
/** One series, e.g. `replay_lag_bytes:vm3->vm4`; `resolution` is `raw` (1 s samples), `<n>s` buckets, or `1m` roll-ups. */
export type MetricSeries = MetricsAnswer['series'][number];
export type MetricUnit = MetricSeries['unit'];
/** [time (epoch ms, panel clock), value, min?, max?]: min and max come with bucketed windows. */
export type MetricPoint = MetricSeries['points'][number];

/** GET/PUT /api/clusters/:id/monitoring: how often the cluster is sampled and when an alert opens. */
export type MonitoringSettings = Json<ReturnType<typeof monitoringSettings>>;

/** The body of PUT /api/clusters/:id/monitoring: only what changes. */
export type MonitoringUpdate = z.input<typeof monitoringUpdateSchema>;

export type TakeoverMode = 'failover' | 'switchover';

/** 202 of POST /api/clusters/:id/failover and /switchover. */
export type TakeoverQueued = Json<Awaited<ReturnType<typeof takeoverCommand>>>;

/** The result of a `check-loss` step: one subscription of the promoted node (the job's step result). */
export type LossCheckResult = Json<LossReport>;
/** One table compared during a loss check: rows re-copied (missing, changed) or removed, by key range. */
export type TableResync = LossCheckResult['tables'][number];

/** GET/POST /api/clusters/:id/drift. `checkedAt` is null before the first check. */
export type DriftReport = Json<ReturnType<typeof presentDrift>>;
/** One difference between a node's live state and the topology, with the plan step that corrects it. */
export type DriftItem = DriftReport['drift'][number];

/** A problem the panel recognised on the live cluster, what it means and how to fix it; `action` when the panel can do it. */
export type Diagnosis = Json<Awaited<ReturnType<typeof clusterDiagnoses>>[number]>;
export type DiagnosisAction = NonNullable<Diagnosis['action']>;

/** What a subscription action (skip, disable, enable) is asked. */
export type SubscriptionActionInput = z.input<typeof subscriptionActionSchema>;

/** The answer to an import: the new cluster and what the panel noticed while reading the servers. */
export type ImportResult = Json<Awaited<ReturnType<typeof importCommand>>>;

/** A node that left in a failover or switchover and can be rebuilt as the standby of the node that replaced it. */
export type RetiredNode = Json<RetiredNodeRow>;

export type PanelUser = Row<typeof listUsers>;

export type AuditEntry = Row<typeof listAudit>;

export interface AuditFilter {
  actor: string;
  action: string;
  outcome: string;
}
