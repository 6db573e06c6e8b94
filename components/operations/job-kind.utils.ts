import type { Job, JobKind } from '@/lib/queries/types';

const LABEL: Record<JobKind, string> = {
  apply: 'Apply',
  destroy: 'Destroy',
  reconcile: 'Reconcile',
  failover: 'Failover',
  switchover: 'Switchover',
  'schema-change': 'Schema change',
  backup: 'Backup',
  restore: 'Restore',
  drill: 'Restore drill',
};

/** "Apply", "Failover"…; the kind itself for one this client does not know yet. */
export function jobKindLabel(kind: JobKind): string {
  return LABEL[kind] ?? kind;
}

/** The standby a failover or switchover promotes (the node of its promote-standby step). */
export function promotedNode(steps: Job['steps']): string | null {
  return steps.find((s) => s.kind === 'promote-standby')?.node ?? null;
}

/** What a succeeded job's banner says. */
export function jobSuccessText(job: Pick<Job, 'kind' | 'steps'>): { title: string; text: string } {
  switch (job.kind) {
    case 'destroy':
      return { title: 'The cluster was destroyed', text: 'Its PostgreSQL instances are stopped and their data removed.' };
    case 'reconcile':
      return {
        title: 'The drift was corrected',
        text: 'Every differing step was applied again; the next drift check should find nothing.',
      };
    case 'failover':
    case 'switchover': {
      const node = promotedNode(job.steps);
      return {
        title: `${node ?? 'The standby'} took over`,
        text: `The ${job.kind} finished and the new topology is saved. The loss check below says whether any row had to be re-copied.`,
      };
    }
    case 'schema-change':
      return {
        title: 'The schema change is applied',
        text: 'Every writable node ran it in order, the publications and subscriptions include its tables, and every node (standbys too) defines them alike.',
      };
    default:
      return {
        title: 'The cluster is ready',
        text: 'Every step finished. Insert a test row and watch it reach every node.',
      };
  }
}
