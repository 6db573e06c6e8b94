import { describe, expect, it } from 'vitest';
import { diagnosisActionHint, diagnosisActionLabel, isSameRequest, subscriptionActionRequest } from './diagnosis.utils';

const skip = { kind: 'skip-transaction', node: 'vm3', subscription: 'sub_vm3', lsn: '0/3000200' } as const;
const disable = { kind: 'disable-subscription', node: 'vm3', subscription: 'sub_vm3' } as const;
const enable = { kind: 'enable-subscription', node: 'vm3', subscription: 'sub_vm3' } as const;

describe('diagnosisActionLabel', () => {
  it('names each action, with the LSN of a skipped transaction', () => {
    expect(diagnosisActionLabel(skip)).toBe('Skip the failing transaction (LSN 0/3000200)');
    expect(diagnosisActionLabel(disable)).toBe('Disable subscription');
    expect(diagnosisActionLabel(enable)).toBe('Enable subscription');
  });
  it('explains what each does', () => {
    expect(diagnosisActionHint(skip)).toMatch(/never apply/);
    expect(diagnosisActionHint(disable)).toMatch(/sub_vm3 on vm3/);
  });
});

describe('subscriptionActionRequest', () => {
  it('maps each action to the API body, the LSN only for a skip', () => {
    expect(subscriptionActionRequest(skip)).toEqual({ node: 'vm3', subscription: 'sub_vm3', action: 'skip', lsn: '0/3000200' });
    expect(subscriptionActionRequest(disable)).toEqual({ node: 'vm3', subscription: 'sub_vm3', action: 'disable' });
    expect(subscriptionActionRequest(enable)).toEqual({ node: 'vm3', subscription: 'sub_vm3', action: 'enable' });
  });
});

describe('isSameRequest', () => {
  it('compares node, subscription, action and LSN', () => {
    expect(isSameRequest(subscriptionActionRequest(skip), subscriptionActionRequest({ ...skip }))).toBe(true);
    expect(isSameRequest(subscriptionActionRequest(skip), subscriptionActionRequest({ ...skip, lsn: '0/1' }))).toBe(false);
    expect(isSameRequest(subscriptionActionRequest(disable), subscriptionActionRequest(enable))).toBe(false);
  });
});
