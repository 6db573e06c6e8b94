import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnoseError } from './catalogue';
import { applyFailureText, latestApplyFailures } from './apply-errors';

// Real subscriber logs from two scratch PostgreSQL 15.20 clusters (see fixtures/).
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const debian = fixture('subscriber-debian-prefix.log');
const plain = fixture('subscriber-default-prefix.log');
/** The log up to and including the first line containing `marker`. */
const upTo = (log: string, marker: string) => {
  const lines = log.split('\n');
  return lines.slice(0, lines.findIndex((l) => l.includes(marker)) + 1).join('\n');
};

describe('apply worker failures from the server log', () => {
  it('reads the default log_line_prefix: the conflicting key, relation and the LSN to skip', () => {
    expect(latestApplyFailures(plain)).toEqual([
      {
        subscription: 'items_sub',
        worker: 'apply',
        pid: 15192,
        at: '2026-11-24 18:35:40.396 UTC',
        message: 'duplicate key value violates unique constraint "items_pkey"',
        detail: 'Key (sku)=(A-1) already exists.',
        context:
          'processing remote data for replication origin "pg_16423" during message type "INSERT" for replication target relation "public.items" in transaction 760, finished at 0/F07E488',
        key: { columns: ['sku'], values: ['A-1'] },
        relation: 'public.items',
        finishLsn: '0/F07E488',
        transaction: 760,
        failures: 5,
        isDisabled: false,
        isSkipped: false,
      },
    ]);
  });

  it("reads Debian's prefix, ignores client sessions' errors and keeps the latest failure per subscription", () => {
    const [subTwo, mySub, ...rest] = latestApplyFailures(debian);
    expect(rest).toEqual([]);
    expect(subTwo).toMatchObject({
      subscription: 'sub_two',
      relation: 'My Schema.Order Items',
      key: { columns: ['order_id', 'line'], values: ['10, a, b'] },
      finishLsn: '0/154D340',
      transaction: 732,
      failures: 7,
      isDisabled: true,
    });
    // A relayed libpq error keeps its tab-indented DETAIL line.
    expect(mySub).toMatchObject({ subscription: 'my_sub', finishLsn: null, failures: 8 });
    expect(mySub?.message).toBe(
      'could not start WAL streaming: ERROR:  cannot read from logical replication slot "my_sub"\nDETAIL:  This slot has been invalidated because it exceeded the maximum reserved size.',
    );
  });

  it('attributes a table synchronization failure to its subscription and table', () => {
    expect(
      latestApplyFailures(upTo(debian, 'COPY Order Items, line 2')).find((f) => f.subscription === 'sub_two'),
    ).toMatchObject({
      worker: 'tablesync',
      relation: 'Order Items',
      detail: 'Key (order_id, line)=(7, x) already exists.',
      finishLsn: null,
    });
  });

  it('notices that the failing transaction was skipped', () => {
    expect(
      latestApplyFailures(upTo(debian, 'completed skipping transaction at LSN 0/153B2C0'))[0],
    ).toMatchObject({ subscription: 'my_sub', finishLsn: '0/153B2C0', isSkipped: true, failures: 6 });
  });

  it('returns a null subscription when the start line was rotated away', () => {
    const rotated = plain
      .split('\n')
      .filter((l) => !l.includes('has started'))
      .join('\n');
    expect(latestApplyFailures(rotated).map((f) => f.subscription)).toEqual([null]);
  });

  it('rebuilds the error text so the catalogue offers the SKIP fix', () => {
    const [failure] = latestApplyFailures(plain);
    const d = diagnoseError(applyFailureText(failure!), {
      node: 'vm3',
      subscription: failure!.subscription!,
    })!;
    expect(d.fix).toContain(
      "Or keep the subscriber's row and skip the whole remote transaction (every change in it, not only this row): `ALTER SUBSCRIPTION items_sub SKIP (lsn = '0/F07E488');`",
    );
    expect(d.fix[0]).toContain("`DELETE FROM public.items WHERE sku = 'A-1';`");
  });
});
