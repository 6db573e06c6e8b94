import { describe, expect, it } from 'vitest';
import { diagnoseError } from '../catalogue';

// As the apply worker of subscription my_sub logged them on PostgreSQL 15.20.
const APPLY = `ERROR:  duplicate key value violates unique constraint "test_pkey"
DETAIL:  Key (id)=(5) already exists.
CONTEXT:  processing remote data for replication origin "pg_16391" during message type "INSERT" for replication target relation "public.test" in transaction 725, finished at 0/153B2C0`;
const COMPOSITE = `ERROR:  duplicate key value violates unique constraint "Order Items_pkey"
DETAIL:  Key (order_id, line)=(11, z) already exists.
CONTEXT:  processing remote data for replication origin "pg_16406" during message type "UPDATE" for replication target relation "My Schema.Order Items" in transaction 731, finished at 0/154D248`;

describe('apply worker diagnoses', () => {
  it('offers to delete the conflicting row, skip the transaction or disable', () => {
    const d = diagnoseError(APPLY, { node: 'vm3', subscription: 'my_sub' })!;
    expect(d.id).toBe('apply-duplicate-key');
    expect(d.title).toBe('Subscription my_sub stops on a duplicate key in public.test');
    expect(d.meaning).toContain('(id) = (5)');
    expect(d.fix[0]).toContain("`DELETE FROM public.test WHERE id = '5';`");
    expect(d.fix[1]).toContain("`ALTER SUBSCRIPTION my_sub SKIP (lsn = '0/153B2C0');`");
    expect(d.fix[2]).toContain('`ALTER SUBSCRIPTION my_sub DISABLE;`');
    expect(d.action).toEqual({
      kind: 'skip-transaction',
      node: 'vm3',
      subscription: 'my_sub',
      lsn: '0/153B2C0',
    });
    expect(d.node).toBe('vm3');
  });

  it('quotes mixed-case names and composite keys', () => {
    const d = diagnoseError(COMPOSITE, { subscription: 'Sub Two' })!;
    expect(d.fix[0]).toContain(
      `\`DELETE FROM "My Schema"."Order Items" WHERE order_id = '11' AND line = 'z';\``,
    );
    expect(d.fix[1]).toContain(`\`ALTER SUBSCRIPTION "Sub Two" SKIP (lsn = '0/154D248');\``);
  });

  it('does not guess a DELETE when a value has a comma', () => {
    const text = COMPOSITE.replace('(11, z)', '(10, a, b)');
    expect(diagnoseError(text)!.fix[0]).not.toContain('DELETE FROM');
  });

  it('explains a conflict in the initial table copy, where SKIP does not apply', () => {
    const text = `ERROR:  duplicate key value violates unique constraint "Order Items_pkey"
DETAIL:  Key (order_id, line)=(7, x) already exists.
CONTEXT:  COPY Order Items, line 2`;
    const d = diagnoseError(text)!;
    expect(d.title).toBe('Initial copy of Order Items stops on a duplicate key');
    expect(d.fix[0]).toContain(`\`DELETE FROM "Order Items" WHERE order_id = '7' AND line = 'x';\``);
    expect(d.action).toBeUndefined();
  });

  it('asks for a replica identity on a published table without one', () => {
    for (const text of [
      'ERROR:  cannot update table "noid" because it does not have a replica identity and publishes updates\nHINT:  To enable updating the table, set REPLICA IDENTITY using ALTER TABLE.',
      'ERROR:  cannot delete from table "noid" because it does not have a replica identity and publishes deletes\nHINT:  To enable deleting from the table, set REPLICA IDENTITY using ALTER TABLE.',
    ]) {
      const d = diagnoseError(text)!;
      expect(d.id).toBe('no-replica-identity');
      expect(d.fix.join('\n')).toContain('`ALTER TABLE noid REPLICA IDENTITY FULL;`');
      expect(d.fix[0]).toContain('`ALTER TABLE noid ADD PRIMARY KEY (<column>);`');
    }
  });
});
