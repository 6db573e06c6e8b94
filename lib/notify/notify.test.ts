import { describe, expect, it } from 'vitest';
import {
  alertmanagerRequest,
  alertName,
  alertmanagerUrl,
  requestFor,
  slackRequest,
  testEvent,
  webhookRequest,
  type AlertEvent,
} from './payloads';
import { isRetryable, MAX_ATTEMPTS, retryDelayMs } from './retry';
import { channelCreateSchema, channelUpdateSchema } from './schema';
import { signWebhook, verifyWebhook } from './signature';

const SECRET = 'a-long-enough-secret-1234';
const open: AlertEvent = {
  deliveryId: 'ch1:42:open',
  event: 'open',
  cluster: { id: 'c1', name: 'demo' },
  alert: { id: 42, key: 'node-down:vm3', severity: 'critical', message: 'vm3 is down: no answer', startedAt: '2026-01-01T00:00:00.000Z', clearedAt: null },
};
const resolved: AlertEvent = { ...open, deliveryId: 'ch1:42:resolved', event: 'resolved', alert: { ...open.alert, clearedAt: '2026-01-01T00:05:00.000Z' } };
const now = new Date('2026-01-01T00:00:01.000Z');

describe('webhook signature', () => {
  const req = webhookRequest('http://127.0.0.1:1/hook', open, SECRET, now);
  const check = (over: Partial<Parameters<typeof verifyWebhook>[0]> = {}) =>
    verifyWebhook({
      secret: SECRET,
      body: req.body,
      timestamp: req.headers['x-pgcascade-timestamp'],
      signature: req.headers['x-pgcascade-signature'],
      nowSeconds: 1767225601,
      ...over,
    });

  it('verifies what the panel signed, timestamp and body included', () => {
    expect(req.headers['x-pgcascade-timestamp']).toBe('1767225601');
    expect(req.headers['x-pgcascade-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(req.headers['x-pgcascade-delivery']).toBe('ch1:42:open');
    expect(check()).toEqual({ ok: true });
  });

  it('rejects another secret, a changed body, a changed timestamp, an old delivery and missing headers', () => {
    expect(check({ secret: 'another-secret-of-length' })).toEqual({ ok: false, reason: 'signature does not match' });
    expect(check({ body: req.body.replace('vm3', 'vm4') }).ok).toBe(false);
    expect(check({ timestamp: '1767225602', nowSeconds: 1767225602 }).ok).toBe(false);
    expect(check({ nowSeconds: 1767225601 + 301 })).toMatchObject({ ok: false, reason: expect.stringContaining('300 s') });
    expect(check({ signature: undefined }).ok).toBe(false);
    expect(check({ timestamp: 'abc' }).ok).toBe(false);
    expect(check({ signature: 'sha256=00' }).ok).toBe(false);
  });

  it('signs "<timestamp>.<body>" with HMAC-SHA256, as the README documents', async () => {
    const { createHmac } = await import('node:crypto');
    expect(signWebhook('k', 10, 'b')).toBe(`sha256=${createHmac('sha256', 'k').update('10.b').digest('hex')}`);
  });

  it('carries the event and never the secret', () => {
    expect(JSON.parse(req.body)).toMatchObject({ version: 1, event: 'open', alert: { key: 'node-down:vm3' }, cluster: { name: 'demo' } });
    expect(JSON.stringify(req)).not.toContain(SECRET);
    expect(() => requestFor({ kind: 'webhook', url: 'http://x', secret: null }, open, now)).toThrow(/no secret/);
  });
});

describe('Slack and Alertmanager bodies', () => {
  it('sends Slack one text line per event', () => {
    expect(JSON.parse(slackRequest('http://x', open).body).text).toContain('*CRITICAL* cluster demo: vm3 is down');
    expect(JSON.parse(slackRequest('http://x', resolved).body).text).toContain('*Resolved*');
  });

  it('posts Alertmanager an open alert without an end and the resolved one ending when it cleared', () => {
    const [a] = JSON.parse(alertmanagerRequest('http://am:9093/', open).body);
    expect(a).toEqual({
      labels: { alertname: 'PgcascadeNodeDown', cluster: 'demo', cluster_id: 'c1', severity: 'critical', alert_key: 'node-down:vm3' },
      annotations: { summary: 'vm3 is down: no answer' },
      startsAt: '2026-01-01T00:00:00.000Z',
    });
    const [r] = JSON.parse(alertmanagerRequest('http://am:9093', resolved).body);
    expect(r.endsAt).toBe('2026-01-01T00:05:00.000Z');
    expect(alertmanagerRequest('http://am:9093/', open).url).toBe('http://am:9093/api/v2/alerts');
    expect(alertmanagerUrl('http://am/api/v2/alerts/')).toBe('http://am/api/v2/alerts');
    expect(alertName('subscription-erroring:vm3/s')).toBe('PgcascadeSubscriptionErroring');
  });

  it('ends a test alert a minute after it starts', () => {
    const t = testEvent('ch1:test:1', { id: 'c1', name: 'demo' }, now);
    const [a] = JSON.parse(alertmanagerRequest('http://am', t).body);
    expect(a.labels.alertname).toBe('PgcascadeTest');
    expect(new Date(a.endsAt).getTime() - new Date(a.startsAt).getTime()).toBe(60_000);
  });
});

describe('retries', () => {
  it('doubles the wait up to ten minutes', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 2000))).toEqual([2000, 4000, 8000, 16000]);
    expect(retryDelayMs(MAX_ATTEMPTS, 2000)).toBe(600_000);
  });
  it('retries no answer, timeouts, throttling and server errors, not other client errors', () => {
    expect([null, 408, 429, 500, 503].every(isRetryable)).toBe(true);
    expect([400, 401, 404, 422].some(isRetryable)).toBe(false);
  });
});

describe('channel input', () => {
  const issues = (v: unknown, schema: typeof channelCreateSchema | typeof channelUpdateSchema = channelCreateSchema) => {
    const r = schema.safeParse(v);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  it('accepts each kind with what it needs', () => {
    expect(issues({ kind: 'webhook', url: 'https://hooks.example.com/x', secret: SECRET })).toEqual([]);
    expect(issues({ kind: 'slack', url: 'https://hooks.slack.com/services/T/B/X' })).toEqual([]);
    expect(issues({ kind: 'alertmanager', url: 'http://127.0.0.1:9093' })).toEqual([]);
  });
  it('names the field of a bad URL, a missing or short secret, a secret that would not be used', () => {
    expect(issues({ kind: 'webhook', url: 'not a url', secret: SECRET })).toEqual([expect.stringMatching(/^url: not a URL/)]);
    expect(issues({ kind: 'slack', url: 'ftp://x/y' })).toEqual([expect.stringMatching(/^url: only http/)]);
    expect(issues({ kind: 'slack', url: 'https://u:p@x/y' })).toEqual([expect.stringMatching(/^url: put no user/)]);
    expect(issues({ kind: 'webhook', url: 'https://x/y' })).toEqual([expect.stringMatching(/^secret: a webhook needs a secret/)]);
    expect(issues({ kind: 'webhook', url: 'https://x/y', secret: 'short' })).toEqual([expect.stringMatching(/^secret: at least 16/)]);
    expect(issues({ kind: 'slack', url: 'https://x/y', secret: SECRET })).toEqual([expect.stringMatching(/^secret: only the generic webhook/)]);
    expect(issues({ kind: 'pager', url: 'https://x/y' })).toEqual([expect.stringMatching(/^kind: /)]);
    expect(issues({ url: 'nope' }, channelUpdateSchema)).toEqual([expect.stringMatching(/^url: not a URL/)]);
  });
});
