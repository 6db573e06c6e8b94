import { readFileSync } from 'node:fs';
import { latestApplyFailures } from './apply-errors';
import { describe, expect, it } from 'vitest';
import { healthyFourNode as healthy } from './fixtures/four-node-snapshot';
import { diagnoseSnapshot } from './live';

describe('live diagnosis: subscriptions', () => {
  it('points a failing apply worker at its logged duplicate-key error and the SKIP fix', () => {
    const s = healthy();
    s.subscriptions[1] = { ...s.subscriptions[1]!, name: 'items_sub', workerRunning: false, applyErrors: 5 };
    const log = readFileSync(new URL('./fixtures/subscriber-default-prefix.log', import.meta.url), 'utf8');
    const [d, ...rest] = diagnoseSnapshot(s, { applyFailures: { vm3: latestApplyFailures(log) } });
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      id: 'apply-duplicate-key',
      node: 'vm3',
      action: { kind: 'skip-transaction', node: 'vm3', subscription: 'items_sub', lsn: '0/F07E488' },
    });
    expect(d!.meaning).toMatch(
      /^The apply worker of items_sub on vm3 is not running.*Latest error \(2026-11-24 18:35:40.396 UTC, 5 in the log\)/,
    );
  });

  it('explains a failing worker without a log, and a disabled subscription', () => {
    const s = healthy();
    s.subscriptions[0] = { ...s.subscriptions[0]!, workerRunning: false, applyErrors: 2 };
    s.subscriptions[1] = { ...s.subscriptions[1]!, enabled: false, workerRunning: false };
    const [failing, disabled] = diagnoseSnapshot(s);
    expect(failing).toMatchObject({
      id: 'subscription-failing',
      node: 'vm2',
      action: { kind: 'disable-subscription', subscription: 'my_sub_test' },
    });
    expect(failing!.fix[0]).toContain(
      `\`sudo grep -A3 'subscription "my_sub_test"' /var/log/postgresql/postgresql-15-main.log | tail -n 20\``,
    );
    expect(disabled).toMatchObject({
      id: 'subscription-disabled',
      fix: ['Enable it: `ALTER SUBSCRIPTION sub_test_vm1 ENABLE;`'],
      action: { kind: 'enable-subscription', node: 'vm3' },
    });
  });
});
