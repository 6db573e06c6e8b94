import type { Plan, Step } from '@/lib/plan/types';
import { changeCommands, objectModuleOf, type NodeIo, type Secrets } from '@/lib/objects';
import { hasDatabase } from '@/lib/objects/database';
import { driftOf, type Drift } from './drift';

/** A node as drift reads it: its io, or why it could not be reached. */
export type DriftNode = { io: NodeIo } | { error: string };

/** Steps inside a database the node lacks: only the missing database is reported (reconcile redoes the rest). */
function database(step: Step): string | null {
  return step.kind !== 'create-database' && 'database' in step.params ? step.params.database : null;
}

/**
 * The plan as it would run against the live nodes now: each object step's own read and diff says whether it is
 * already as desired (`none`, nothing runs) or which change runs, with exactly that change's commands. Steps of
 * nodes that cannot be read, and procedures, stay as compiled.
 */
export async function refreshPlan(plan: Plan, nodes: Readonly<Record<string, DriftNode>>, secrets: Secrets): Promise<Plan> {
  const steps = await Promise.all(
    plan.steps.map(async (step): Promise<Step> => {
      const node = nodes[step.node];
      const object = objectModuleOf(step.kind);
      if (!node || 'error' in node || !object) return step;
      try {
        const db = database(step);
        if (db !== null && !(await hasDatabase(node.io, db))) return { ...step, live: { action: 'create', reason: `database ${db} does not exist yet` } };
        const change = object.diff(step.params, await object.read(node.io, step.params), secrets);
        if (!change) return { ...step, commands: [], live: { action: 'none' } };
        return { ...step, commands: changeCommands(step, change), live: { action: change.action, reason: change.reason } };
      } catch {
        return step;
      }
    }),
  );
  return { ...plan, steps };
}

/**
 * Compare each node's live state with what each object step of the plan makes, with that step's own read and diff
 * (the ones apply runs), in plan order. A node that could not be read yields one drift on its ensure-running step;
 * nodes missing from `nodes` are not compared.
 */
export async function detectDrift(plan: Plan, nodes: Readonly<Record<string, DriftNode>>, secrets: Secrets): Promise<Drift[]> {
  const byNode = new Map<string, Step[]>();
  for (const step of plan.steps) byNode.set(step.node, [...(byNode.get(step.node) ?? []), step]);
  const perNode = await Promise.all(
    [...byNode].map(async ([name, steps]) => {
      const node = nodes[name];
      if (!node) return [];
      if ('error' in node) {
        const running = steps.find((s) => s.kind === 'ensure-running');
        return running ? [driftOf(running, { action: 'change', reason: `${name} is unreachable: ${node.error}`, expected: 'running and reachable', actual: node.error })] : [];
      }
      const drift: Drift[] = [];
      const databases = new Map<string, boolean>();
      for (const step of steps) {
        const object = objectModuleOf(step.kind);
        if (!object) continue;
        const db = database(step);
        if (db !== null) {
          if (!databases.has(db)) databases.set(db, await hasDatabase(node.io, db));
          if (!databases.get(db)) continue;
        }
        try {
          const change = object.diff(step.params, await object.read(node.io, step.params), secrets);
          if (change) drift.push(driftOf(step, { ...change, isManual: changeCommands(step, change).length === 0 }));
        } catch (err) {
          drift.push(driftOf(step, { action: 'change', reason: `could not be read: ${(err as Error).message}`, expected: '', actual: 'unreadable' }));
        }
      }
      return drift;
    }),
  );
  return perNode.flat();
}
