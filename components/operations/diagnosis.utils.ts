import type { DiagnosisAction, SubscriptionActionInput } from '@/lib/queries/types';

/** The button's words for what the panel can do about a diagnosis. */
export function diagnosisActionLabel(action: DiagnosisAction): string {
  switch (action.kind) {
    case 'skip-transaction':
      return `Skip the failing transaction (LSN ${action.lsn})`;
    case 'disable-subscription':
      return 'Disable subscription';
    case 'enable-subscription':
      return 'Enable subscription';
  }
}

/** What the action does, in a line beside the button. */
export function diagnosisActionHint(action: DiagnosisAction): string {
  switch (action.kind) {
    case 'skip-transaction':
      return `${action.node} will never apply that transaction's changes from ${action.subscription}'s publisher: compare the tables afterwards.`;
    case 'disable-subscription':
      return `${action.subscription} on ${action.node} stops applying changes until it is enabled again; its slot keeps WAL meanwhile.`;
    case 'enable-subscription':
      return `${action.subscription} on ${action.node} resumes where it stopped.`;
  }
}

/** The body of POST /api/clusters/:id/subscription-actions for an action. */
export function subscriptionActionRequest(action: DiagnosisAction): SubscriptionActionInput {
  const base = { node: action.node, subscription: action.subscription };
  switch (action.kind) {
    case 'skip-transaction':
      return { ...base, action: 'skip', lsn: action.lsn };
    case 'disable-subscription':
      return { ...base, action: 'disable' };
    case 'enable-subscription':
      return { ...base, action: 'enable' };
  }
}

/** Whether two requests ask for the same thing on the same subscription. */
export function isSameRequest(a: SubscriptionActionInput, b: SubscriptionActionInput): boolean {
  return a.node === b.node && a.subscription === b.subscription && a.action === b.action && a.lsn === b.lsn;
}
