import type { Plan, Step } from './types';

/** How many leading steps are pre-flight checks (kind `check-…` before any changing step). */
export function preflightLength(steps: readonly Step[]): number {
  const first = steps.findIndex((s) => !s.kind.startsWith('check-'));
  return first === -1 ? steps.length : first;
}

/**
 * Each step's needs, as the runner follows them: a step without `needs` (plans made before the plan was a graph,
 * failover and destroy plans) waits for the step before it.
 */
export function needsOf(plan: Pick<Plan, 'steps'>): Map<string, string[]> {
  const needs = new Map<string, string[]>();
  plan.steps.forEach((step, i) => {
    const previous = plan.steps[i - 1];
    needs.set(step.id, step.needs ?? (previous ? [previous.id] : []));
  });
  return needs;
}

/**
 * Link the steps into a graph: each step follows the one before it on the same node (a node's lane), every change
 * waits for the whole pre-flight, and `cross` adds what a step needs from other nodes.
 */
export function linkSteps(steps: Step[], cross: (step: Step) => string[]): Step[] {
  const end = preflightLength(steps);
  const preflight = steps.slice(0, end).map((s) => s.id);
  const lastOnNode = new Map<string, number>();
  const ids = new Set(steps.map((s) => s.id));
  return steps.map((step, i) => {
    const needs = new Set<string>();
    const previous = lastOnNode.get(step.node);
    if (previous !== undefined) needs.add((steps[previous] as Step).id);
    // A node's first change waits for every check, on every node: pre-flight changes nothing if anything fails.
    if (i >= end && (previous === undefined || previous < end)) preflight.forEach((id) => needs.add(id));
    for (const id of cross(step)) if (ids.has(id) && id !== step.id) needs.add(id);
    lastOnNode.set(step.node, i);
    return { ...step, needs: [...needs] };
  });
}

/** A sub-plan (reconcile) keeps the order its needs gave through the steps left out. */
export function restrictGraph(plan: Plan, keep: ReadonlySet<string>): Step[] {
  const needs = needsOf(plan);
  const memo = new Map<string, Set<string>>();
  const kept = (id: string): Set<string> => {
    const known = memo.get(id);
    if (known) return known;
    const out = new Set<string>();
    memo.set(id, out);
    for (const need of needs.get(id) ?? []) {
      if (keep.has(need)) out.add(need);
      else kept(need).forEach((n) => out.add(n));
    }
    return out;
  };
  return plan.steps.filter((s) => keep.has(s.id)).map((s) => ({ ...s, needs: [...kept(s.id)] }));
}
