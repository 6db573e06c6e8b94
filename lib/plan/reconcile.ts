import { HEARTBEAT_TABLE } from '@/lib/postgres/sql';
import type { Plan, Step } from './types';
import { restrictGraph } from './graph';

/** Other steps of the full plan that a step needs to take effect once it changed something. */
function followUps(full: Plan, step: Step): Step[] {
  const onNode = full.steps.filter((s) => s.node === step.node && s.id !== step.id);
  const ofKind = (...kinds: Step['kind'][]) => onNode.filter((s) => kinds.includes(s.kind));
  const byId = (id: string) => full.steps.filter((s) => s.id === id);
  const p = step.params;
  switch (p.kind) {
    // ensure-running reloads when either changed, and restarts for settings that need it.
    case 'set-settings':
    case 'write-pg-hba':
      return ofKind('ensure-running');
    // A fresh clone brings its upstream's files and no slots: rewrite its own, start it, recreate its children's slots.
    case 'clone-standby':
      return [
        ...byId(`${p.upstream}/create-physical-slot/${p.slot}`),
        ...byId(`${step.node}/check-reachable/${p.upstream}`),
        ...ofKind('write-files', 'set-settings', 'write-pg-hba', 'ensure-running', 'create-physical-slot'),
      ];
    // Everything inside a database that was missing.
    case 'create-database':
      return onNode.filter((s) => 'database' in s.params && s.params.database === p.database);
    // A table made again has lost its grants and its place in publications.
    case 'create-table':
    case 'create-heartbeat': {
      const table = p.kind === 'create-table' ? p.table : HEARTBEAT_TABLE;
      return onNode.filter(
        (s) =>
          ((s.params.kind === 'grant-select' || s.params.kind === 'create-publication') && s.params.tables.includes(table)) ||
          (p.kind === 'create-heartbeat' && s.kind === 'create-monitor-role'),
      );
    }
    // Test the path to the publisher first; a subscription made again is made disabled, and waits for its copy.
    case 'create-subscription':
      return [...byId(`${step.node}/check-reachable/${p.publisher}`), ...ofKind('enable-subscriptions', 'wait-sync')];
    default:
      return [];
  }
}

const isCheck = (s: Step) => s.kind.startsWith('check-');

/**
 * The plan that corrects drift: only the steps named by the drift and what they need to take effect, in the full
 * plan's order, after the pre-flight checks (the plan's leading check-* steps) of the nodes they touch. Drift on
 * steps the plan lacks is ignored; no drift gives an empty plan.
 */
export function compileReconcilePlan(full: Plan, drift: ReadonlyArray<{ stepId: string; action?: string; what?: string }>): Plan {
  const byId = new Map(full.steps.map((s) => [s.id, s]));
  const chosen = new Set<string>();
  const queue = drift.map((d) => byId.get(d.stepId)).filter((s): s is Step => s !== undefined && !isCheck(s));
  for (let step = queue.shift(); step; step = queue.shift()) {
    if (chosen.has(step.id)) continue;
    chosen.add(step.id);
    queue.push(...followUps(full, step));
  }
  if (chosen.size === 0) return { steps: [] };
  const nodes = new Set(full.steps.filter((s) => chosen.has(s.id)).map((s) => s.node));
  const firstChange = full.steps.findIndex((s) => !isCheck(s));
  const preflight = full.steps.slice(0, firstChange < 0 ? full.steps.length : firstChange).filter((s) => s.node === '*' || nodes.has(s.node));
  for (const s of preflight) chosen.add(s.id);
  // What the live diff says replaces or drops is destructive here even where the full plan could not know it.
  const costs = new Map(drift.filter((d) => d.action === 'replace' || d.action === 'drop').map((d) => [d.stepId, d.what ?? 'replaces or drops a live object']));
  const steps = restrictGraph(full, chosen).map((s) => (costs.has(s.id) && !s.destructive ? { ...s, destructive: costs.get(s.id) as string } : s));
  return { steps, ...(full.topology ? { topology: full.topology } : {}), ...(full.retired ? { retired: full.retired } : {}) };
}
