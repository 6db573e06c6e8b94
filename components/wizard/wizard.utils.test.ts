import { describe, expect, it } from 'vitest';
import fourNode from '@/examples/four-node.local.json';
import type { TopologyInput } from '@/lib/topology/schema';
import { validateTopology } from '@/lib/topology';
import {
  blocksStep,
  draftFromTopology,
  draftToTopology,
  fieldPaths,
  keyMaker,
  placeErrors,
  wizardReducer,
  type WizardState,
} from './wizard.utils';

const example = fourNode as unknown as TopologyInput;
const start = (): WizardState => ({
  step: 0,
  furthest: 0,
  draft: draftFromTopology(example, keyMaker()),
  keySeq: 1000,
});

describe('draft ⇄ topology', () => {
  it('round-trips the four-node example exactly', () => {
    expect(draftToTopology(draftFromTopology(example, keyMaker()))).toEqual(fourNode);
  });

  it('leaves an emptied port out so the server reports nodes.N.port', () => {
    const s = wizardReducer(start(), { type: 'update', section: 'nodes', index: 2, patch: { port: null } });
    const result = validateTopology(draftToTopology(s.draft));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.path)).toContain('nodes.2.port');
  });

  it('keeps references when a node is renamed', () => {
    const s = wizardReducer(start(), { type: 'update', section: 'nodes', index: 2, patch: { name: 'db3' } });
    const t = draftToTopology(s.draft) as {
      standbys: Array<{ upstream: string }>;
      subscriptions: Array<{ node: string }>;
    };
    expect(t.standbys[0]?.upstream).toBe('db3');
    expect(t.subscriptions.filter((x) => x.node === 'db3')).toHaveLength(2);
  });

  it('removes what depends on a removed node', () => {
    const s = wizardReducer(start(), { type: 'remove', section: 'nodes', index: 3 });
    expect(s.draft.standbys).toEqual([]);
    const s2 = wizardReducer(start(), { type: 'remove', section: 'nodes', index: 0 });
    expect(s2.draft.publications.map((p) => p.name)).toEqual(['my_pub_test2']);
    expect(s2.draft.subscriptions.map((p) => p.name)).toEqual(['sub_test2_vm2']);
  });

  it('drops a subscription’s publications that are not its new publisher’s', () => {
    const s = wizardReducer(start(), {
      type: 'update',
      section: 'subscriptions',
      index: 2,
      patch: { publisher: start().draft.nodes[1]!.key },
    });
    expect(s.draft.subscriptions[2]?.publications).toEqual([]);
  });

  it('reports a standby of itself at standbys.0.upstream', () => {
    const s0 = start();
    const vm4 = s0.draft.nodes[3]!.key;
    const s = wizardReducer(s0, { type: 'update', section: 'standbys', index: 0, patch: { upstream: vm4 } });
    const result = validateTopology(draftToTopology(s.draft));
    expect(!result.ok && result.errors.map((e) => e.path)).toContain('standbys.0.upstream');
  });
});

describe('navigation', () => {
  it('only jumps forward to validated steps and locks them again after an edit', () => {
    let s = start();
    expect(wizardReducer(s, { type: 'goto', step: 2 }).step).toBe(0);
    s = wizardReducer(s, { type: 'goto', step: 1, unlock: true });
    s = wizardReducer(s, { type: 'goto', step: 0 });
    expect(wizardReducer(s, { type: 'goto', step: 1 }).step).toBe(1);
    s = wizardReducer(s, { type: 'set', patch: { name: 'x' } });
    expect(s.furthest).toBe(0);
    expect(s.draft.name).toBe('x');
  });
});

describe('placeErrors', () => {
  const draft = start().draft;

  it('puts errors on the most specific field and the rest in the summary', () => {
    const placed = placeErrors(
      [
        { path: 'nodes.2.port', message: 'is required' },
        { path: 'publications.0.tables.1', message: 'no such table' },
        { path: 'subscriptions.1', message: 'would loop' },
        { path: 'nodes', message: 'every node is a standby' },
        { path: '', message: 'odd' },
      ],
      [...fieldPaths(0, draft), ...fieldPaths(1, draft)],
    );
    expect(placed.byField).toEqual({
      'nodes.2.port': ['is required'],
      'publications.0.tables': ['no such table'],
      'subscriptions.1': ['would loop'],
    });
    expect(placed.unplaced.map((i) => i.path)).toEqual(['nodes', '']);
  });

  it('lets step 1 pass with errors that belong to step 2', () => {
    expect(blocksStep(0, 'standbys.0.upstream')).toBe(false);
    expect(blocksStep(0, 'nodes.2.port')).toBe(true);
    expect(blocksStep(0, 'postgresVersion')).toBe(true);
    expect(blocksStep(1, 'nodes')).toBe(true);
  });
});
