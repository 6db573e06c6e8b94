import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Topology } from '@/lib/topology';
import { compilePlan, TransitionError } from './compile';
import { arbitraryTopology } from './arbitrary-topology';
import { observed } from './test-topologies';
import type { Plan, Step } from './types';

/** The objects a step makes (`kind:node/name`), and what a drop or a removed node takes away. */
function made(step: Step): string[] {
  const p = step.params;
  switch (p.kind) {
    case 'create-subscription':
      return [`subscription:${step.node}/${p.subscription}`, `slot:${p.publisher}/${p.subscription}`];
    case 'create-publication':
      return [`publication:${step.node}/${p.publication}`];
    case 'create-physical-slot':
      return [`slot:${step.node}/${p.slot}`];
    case 'clone-standby':
      return [`standby:${step.node}/${p.upstream}`];
    case 'init-cluster':
      return [`node:${step.node}/cluster`];
    default:
      return [];
  }
}

const nodeOf = (key: string) => key.slice(key.indexOf(':') + 1, key.indexOf('/'));

function removes(step: Step, world: Set<string>): string[] {
  const p = step.params;
  switch (p.kind) {
    case 'drop-subscription':
      return [`subscription:${step.node}/${p.subscription}`];
    case 'drop-publication':
      return [`publication:${step.node}/${p.publication}`];
    case 'drop-slot':
      return [`slot:${step.node}/${p.slot}`];
    case 'remove-node':
      return [...world].filter((k) => nodeOf(k) === step.node);
    default:
      return [];
  }
}

const objectsOf = (plan: Plan) => new Set(plan.steps.flatMap(made));

/** Run the plan against a world of objects, in the plan's order (which the graph must allow). */
function applyTo(world: Set<string>, plan: Plan): Set<string> {
  const next = new Set(world);
  for (const step of plan.steps) {
    for (const key of removes(step, next)) next.delete(key);
    // A clone replaces everything the node held (its own slots are made again after it).
    if (step.params.kind === 'clone-standby') for (const k of [...next]) if (nodeOf(k) === step.node) next.delete(k);
    for (const key of made(step)) next.add(key);
  }
  return next;
}

/** Transitions pgcascade makes by itself: no standby becomes a primary by an edit. */
function compileTransition(a: Topology, b: Topology): Plan | null {
  try {
    return compilePlan(b, observed, { previous: [a] });
  } catch (err) {
    if (err instanceof TransitionError) return null;
    throw err;
  }
}

const runs = { numRuns: 300 };

describe('plans, for every valid topology and every pair of them', () => {
  it('order every step after everything it needs, with needs that exist', () => {
    fc.assert(
      fc.property(arbitraryTopology, arbitraryTopology, (a, b) => {
        for (const plan of [compilePlan(a, observed), compileTransition(a, b)]) {
          if (!plan) continue;
          const index = new Map(plan.steps.map((s, i) => [s.id, i]));
          expect(index.size).toBe(plan.steps.length);
          plan.steps.forEach((s, i) => {
            for (const need of s.needs ?? []) expect(index.get(need), `${s.id} needs ${need}`).toBeLessThan(i);
          });
        }
      }),
      runs,
    );
  });

  it('leave exactly the objects of the new topology once applied over the old one', () => {
    fc.assert(
      fc.property(arbitraryTopology, arbitraryTopology, (a, b) => {
        const plan = compileTransition(a, b);
        fc.pre(plan !== null);
        const after = applyTo(objectsOf(compilePlan(a, observed)), plan as Plan);
        expect([...after].sort()).toEqual([...objectsOf(compilePlan(b, observed))].sort());
      }),
      runs,
    );
  });

  it('never drop an object that no earlier topology made, nor one the new topology keeps', () => {
    fc.assert(
      fc.property(arbitraryTopology, arbitraryTopology, (a, b) => {
        const plan = compileTransition(a, b);
        fc.pre(plan !== null);
        const owned = objectsOf(compilePlan(a, observed));
        const kept = objectsOf(compilePlan(b, observed));
        for (const step of (plan as Plan).steps) {
          for (const key of removes(step, owned)) {
            expect(owned.has(key), `${step.id} drops ${key}, which pgcascade never made`).toBe(true);
            // A subscription moved to another publisher is dropped and made again: the only kept object dropped.
            if (kept.has(key)) expect(step.kind).toBe('drop-subscription');
          }
        }
      }),
      runs,
    );
  });

  it('drop nothing and mark nothing destructive when the topology did not change', () => {
    fc.assert(
      fc.property(arbitraryTopology, (t) => {
        const plan = compilePlan(t, observed, { previous: [t] });
        expect(plan.steps.filter((s) => s.kind.startsWith('drop-') || s.kind === 'remove-node' || s.destructive).map((s) => s.id)).toEqual([]);
      }),
      runs,
    );
  });

  it('mark every drop and every removed cluster as destructive, with its cost', () => {
    fc.assert(
      fc.property(arbitraryTopology, arbitraryTopology, (a, b) => {
        const plan = compileTransition(a, b);
        fc.pre(plan !== null);
        for (const s of (plan as Plan).steps) if (s.kind.startsWith('drop-') || s.kind === 'remove-node' || s.kind === 'stop-node') expect(s.destructive, s.id).toMatch(/\w{4,}/);
      }),
      runs,
    );
  });
});
