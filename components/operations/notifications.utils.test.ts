import { describe, expect, it } from 'vitest';
import type { NotificationDelivery } from '@/lib/queries/notifications-types';
import { channelInput, deliverySummary, EMPTY_FORM, eventLabel } from './notifications.utils';

const delivery = (over: Partial<NotificationDelivery>): NotificationDelivery => ({
  id: 1,
  channelId: 'ch',
  event: 'open',
  alertKey: 'node-down:vm3',
  status: 'pending',
  attempts: 0,
  lastStatusCode: null,
  lastError: null,
  nextAttemptAt: null,
  createdAt: '2026-01-01T00:00:00Z',
  deliveredAt: null,
  log: [],
  ...over,
});

describe('notification channel form', () => {
  it('sends the secret only for the webhook, and no empty name', () => {
    expect(channelInput({ ...EMPTY_FORM, url: ' https://x/y ', secret: 's3cret-s3cret-s3cret' })).toEqual({
      kind: 'webhook',
      url: 'https://x/y',
      secret: 's3cret-s3cret-s3cret',
    });
    expect(channelInput({ kind: 'slack', url: 'https://x', secret: 'left over', name: ' ops ' })).toEqual({
      kind: 'slack',
      url: 'https://x',
      name: 'ops',
    });
  });
});

describe('delivery log lines', () => {
  it('says how each delivery stands', () => {
    expect(deliverySummary(delivery({}))).toBe('queued');
    expect(deliverySummary(delivery({ status: 'delivered', attempts: 3, lastStatusCode: 200 }))).toBe('delivered (HTTP 200) after 3 attempts');
    expect(deliverySummary(delivery({ status: 'failed', attempts: 1, lastStatusCode: 401, lastError: 'x answered HTTP 401' }))).toBe(
      'gave up after 1 attempt: x answered HTTP 401',
    );
    expect(deliverySummary(delivery({ attempts: 2, lastError: 'could not reach x: ECONNREFUSED' }))).toMatch(
      /^attempt 2 failed \(could not reach x: ECONNREFUSED\); next try soon$/,
    );
    expect(eventLabel(delivery({}))).toBe('open · node-down:vm3');
    expect(eventLabel(delivery({ event: 'test', alertKey: null }))).toBe('test');
  });
});
