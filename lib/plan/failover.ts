import type { Topology } from '@/lib/topology/schema';
import { promoteStandby } from '@/lib/topology/promote';
import type { ValidationIssue } from '@/lib/topology/schema';
import type { Observed } from './layout';
import type { Plan } from './types';
import { ensureRunningStep } from '@/lib/objects/service';
import { settingsStep as setSettingsStep } from '@/lib/objects/settings';
import { accessStep as writeHbaStep } from '@/lib/objects/access';
import { waitSyncStep } from './steps/replication';
import { DEFAULT_SEQUENCE_MARGIN, syncSequencesStep } from './steps/sequences';
import {
  checkLossStep,
  fenceNodeStep,
  promoteStandbyStep,
  resumeSubscriptionsStep,
  type TakeoverMode,
} from './steps/failover';

export interface TakeoverOptions {
  /** What each sequence is moved forward by, beyond the highest value found (default DEFAULT_SEQUENCE_MARGIN). */
  sequenceMargin?: number;
}

export type TakeoverPlan =
  { ok: true; plan: Plan; replaced: string } | { ok: false; issues: ValidationIssue[] };

/**
 * A standby takes over from its upstream (vm4 from vm3): fence the upstream, promote the standby with its copied
 * subscriptions held, let the publishers accept it, check for loss, resume, then move its sequences past the data
 * (they are not replicated). Pure; the plan carries the
 * topology it leads to, saved when the job succeeds.
 */
export function compileTakeoverPlan(
  t: Topology,
  observed: Observed,
  promote: string,
  mode: TakeoverMode,
  options: TakeoverOptions = {},
): TakeoverPlan {
  const next = promoteStandby(t, promote);
  if (!next.ok) return next;
  const { layout } = observed;
  const { topology, replaced } = next;
  const subs = topology.subscriptions.filter((s) => s.node === promote);
  const names = subs.map((s) => s.name);
  const publishers = [...new Set(subs.map((s) => s.publisher))];
  const sequences = names.length > 0 ? syncSequencesStep(topology, promote, options.sequenceMargin ?? DEFAULT_SEQUENCE_MARGIN) : null;
  const steps = [
    fenceNodeStep(t, layout, replaced, promote, names, mode),
    promoteStandbyStep(t, layout, promote, names),
    // The publishers let the new subscriber's address in; the new node gets a primary's settings.
    ...publishers.flatMap((p) => [writeHbaStep(topology, layout, p), ensureRunningStep(topology, layout, p)]),
    setSettingsStep(topology, layout, promote),
    writeHbaStep(topology, layout, promote),
    ensureRunningStep(topology, layout, promote),
    ...subs.map((s) => checkLossStep(topology, promote, s.name, s.publisher, replaced)),
    ...(names.length > 0
      ? [resumeSubscriptionsStep(topology, promote, names), waitSyncStep(topology, promote, names)]
      : []),
    // After wait-sync: the rows are there, so their columns' maxima are too.
    ...(sequences ? [sequences] : []),
  ];
  const takeover = {
    replaced: t.nodes.find((n) => n.name === replaced)!,
    promoted: promote,
    walArchive: t.standbys.some((s) => s.node === promote && s.walArchive),
  };
  return { ok: true, plan: { steps, topology, takeover }, replaced };
}
