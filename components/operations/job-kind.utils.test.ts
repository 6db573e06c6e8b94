import { describe, expect, it } from 'vitest';
import { jobKindLabel, jobSuccessText } from './job-kind.utils';

const step = (node: string, kind: string) => ({
  id: `${node}/${kind}`,
  node,
  kind,
  summary: '',
  commands: [],
  status: 'changed' as const,
  startedAt: null,
  finishedAt: null,
  error: null,
  result: null,
});

describe('jobKindLabel', () => {
  it('labels every job kind', () => {
    expect(jobKindLabel('apply')).toBe('Apply');
    expect(jobKindLabel('reconcile')).toBe('Reconcile');
    expect(jobKindLabel('switchover')).toBe('Switchover');
  });
});

describe('jobSuccessText', () => {
  it('names the promoted standby after a takeover', () => {
    expect(
      jobSuccessText({ kind: 'failover', steps: [step('vm3', 'fence-node'), step('vm4', 'promote-standby')] }).title,
    ).toBe('vm4 took over');
    expect(jobSuccessText({ kind: 'switchover', steps: [] }).title).toBe('The standby took over');
  });
  it('keeps the apply and destroy wording', () => {
    expect(jobSuccessText({ kind: 'apply', steps: [] }).title).toBe('The cluster is ready');
    expect(jobSuccessText({ kind: 'destroy', steps: [] }).title).toBe('The cluster was destroyed');
  });
});
