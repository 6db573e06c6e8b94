import fourNode from '@/examples/four-node.local.json';
import type { TopologyInput } from '@/lib/topology/schema';
import { draftFromTopology, keyMaker, referenceBackup, type WizardState } from './wizard.utils';

/** The reference setup: vm1 ⇄ vm2 logical, vm3 subscribes to both, vm4 a standby of vm3. */
export const FOUR_NODE_EXAMPLE = fourNode as unknown as TopologyInput;

// Keys made while loading stay below this; keys for rows the user adds start above it.
const FIRST_USER_KEY = 10_000;

/**
 * The wizard's first state. Every field is pre-filled with the reference setup; only the cluster
 * name is left for the user unless they start from the example, which fills everything.
 */
export function initialWizardState(fromExample: boolean): WizardState {
  const nextKey = keyMaker();
  const loaded = draftFromTopology(FOUR_NODE_EXAMPLE, nextKey);
  // The reference setup's backups (vm3, read from vm4) are not in the example file, which stays plain replication.
  const draft = { ...loaded, backups: loaded.backups.length > 0 ? loaded.backups : [referenceBackup(loaded, nextKey())] };
  return {
    step: 0,
    furthest: 0,
    draft: fromExample ? draft : { ...draft, name: '' },
    keySeq: FIRST_USER_KEY,
  };
}

/** Everything from the four-node example, as a `load` action. */
export function exampleLoadAction() {
  const state = initialWizardState(true);
  return { type: 'load' as const, draft: state.draft, keySeq: state.keySeq };
}
