import { quoteLiteral, quoteShell } from '@/lib/postgres/quote';
import type { ClusterSnapshot, SubscriptionState } from '@/lib/monitor/snapshot';
import { applyFailureText, type ApplyFailure } from './apply-errors';
import { diagnoseAll } from './catalogue';
import { code } from './entries/entry';
import { sqlName } from './quote';
import type { Diagnosis } from './types';

/** Subscriber node → the latest failures read from its server log (latestApplyFailures). */
export type ApplyFailuresByNode = Record<string, ApplyFailure[]>;

function failureOf(sub: SubscriptionState, failures: ApplyFailuresByNode): ApplyFailure | undefined {
  return failures[sub.node]?.find((f) => f.subscription === sub.name && !f.isSkipped);
}

/** Where a node's server log is. */
export type LogFileOf = (node: string) => string;

const readLog = (sub: SubscriptionState, logFile: LogFileOf) =>
  `Read the worker's error on ${sub.node}: ${code(`sudo grep -A3 ${quoteShell(`subscription "${sub.name}"`)} ${quoteShell(logFile(sub.node))} | tail -n 20`)} and ${code(`SELECT * FROM pg_stat_subscription_stats WHERE subname = ${quoteLiteral(sub.name)};`)}`;

/** The catalogue's diagnosis of the logged failure, its meaning prefixed with how the subscription is doing. */
function explainFailure(
  sub: SubscriptionState,
  failure: ApplyFailure,
  lead: string,
  logFile: LogFileOf,
): Diagnosis[] {
  const found = diagnoseAll(applyFailureText(failure), { node: sub.node, subscription: sub.name });
  const seen = `${lead} Latest error (${failure.at}, ${failure.failures} in the log): ${failure.message}${failure.detail ? ` ${failure.detail}` : ''}`;
  if (found.length === 0)
    return [
      {
        id: 'subscription-failing',
        node: sub.node,
        title: `Subscription ${sub.name} on ${sub.node} keeps failing`,
        meaning: seen,
        fix: [readLog(sub, logFile)],
      },
    ];
  return found.map((d) => ({ ...d, meaning: `${seen}\n${d.meaning}` }));
}

function disabled(
  sub: SubscriptionState,
  failure: ApplyFailure | undefined,
  logFile: LogFileOf,
): Diagnosis[] {
  if (failure?.isDisabled) {
    const lead = `Subscription ${sub.name} on ${sub.node} is disabled: disable_on_error switched it off after this error.`;
    return explainFailure(sub, failure, lead, logFile).map((d) => ({
      ...d,
      fix: [...d.fix, `Enable it again: ${code(`ALTER SUBSCRIPTION ${sqlName(sub.name)} ENABLE;`)}`],
    }));
  }
  return [
    {
      id: 'subscription-disabled',
      node: sub.node,
      title: `Subscription ${sub.name} on ${sub.node} is disabled`,
      meaning: `Nothing from ${sub.publisher} reaches ${sub.node} while it is disabled, and ${sub.publisher} keeps the WAL for its slot until it is enabled again.`,
      fix: [
        ...(sub.applyErrors + sub.syncErrors > 0 ? [readLog(sub, logFile)] : []),
        `Enable it: ${code(`ALTER SUBSCRIPTION ${sqlName(sub.name)} ENABLE;`)}`,
      ],
      action: { kind: 'enable-subscription', node: sub.node, subscription: sub.name },
    },
  ];
}

function failing(sub: SubscriptionState, failure: ApplyFailure | undefined, logFile: LogFileOf): Diagnosis[] {
  const errors = sub.applyErrors + sub.syncErrors;
  const lead = `The apply worker of ${sub.name} on ${sub.node} is not running${
    errors > 0
      ? `: it fails and restarts every few seconds (${sub.applyErrors} apply and ${sub.syncErrors} sync errors counted so far).`
      : ' and has counted no errors: it may be restarting, or waiting for a free max_logical_replication_workers slot.'
  }`;
  if (failure) return explainFailure(sub, failure, lead, logFile);
  return [
    {
      id: 'subscription-failing',
      node: sub.node,
      title: `Subscription ${sub.name} on ${sub.node} keeps failing`,
      meaning: lead,
      fix: [
        readLog(sub, logFile),
        `Until it is fixed, stop the retries if they flood the log: ${code(`ALTER SUBSCRIPTION ${sqlName(sub.name)} DISABLE;`)}`,
      ],
      action: { kind: 'disable-subscription', node: sub.node, subscription: sub.name },
    },
  ];
}

/** Disabled subscriptions and enabled ones without a running worker, explained by their logged failure when known. */
export function diagnoseSubscriptions(
  s: ClusterSnapshot,
  failures: ApplyFailuresByNode,
  logFile: LogFileOf,
  failingKeys: ReadonlySet<string> = new Set(),
): Diagnosis[] {
  const down = new Set(s.nodes.filter((n) => !n.up).map((n) => n.name));
  const out: Diagnosis[] = [];
  for (const sub of s.subscriptions) {
    if (down.has(sub.node) || down.has(sub.publisher) || sub.enabled === null) continue;
    const failure = failureOf(sub, failures);
    if (sub.enabled === false) out.push(...disabled(sub, failure, logFile));
    else if (!sub.workerRunning || failingKeys.has(`${sub.node}/${sub.name}`)) out.push(...failing(sub, failure, logFile));
  }
  return out;
}
