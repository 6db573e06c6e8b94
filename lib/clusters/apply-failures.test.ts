import { describe, expect, it } from 'vitest';
import { applyFailures } from './apply-failures';

const LOG = `2026-11-24 18:40:01.100 UTC [4242] LOG:  logical replication apply worker for subscription "sub_test_vm1" has started
2026-11-24 18:40:01.120 UTC [4242] ERROR:  duplicate key value violates unique constraint "test_pkey"
2026-11-24 18:40:01.120 UTC [4242] DETAIL:  Key (id)=(1000000) already exists.
2026-11-24 18:40:01.120 UTC [4242] CONTEXT:  processing remote data for replication origin "pg_16398" during message type "INSERT" for replication target relation "public.test" in transaction 747, finished at 0/3058F88
2026-11-24 18:40:01.130 UTC [101] LOG:  background worker "logical replication worker" (PID 4242) exited with exit code 1
2026-11-24 18:40:06.140 UTC [4250] postgres@technolabels ERROR:  duplicate key value violates unique constraint "test_pkey"
2026-11-24 18:40:06.140 UTC [4250] postgres@technolabels DETAIL:  Key (id)=(1000000) already exists.
2026-11-24 18:40:06.140 UTC [4250] postgres@technolabels CONTEXT:  processing remote data for replication origin "pg_16398" during message type "INSERT" for replication target relation "public.test" in transaction 747, finished at 0/3058F88`;

describe('apply failures in a server log', () => {
  it('finds the error, the conflicting key and the LSN to skip, newest per origin, with either log prefix', () => {
    const f = applyFailures(LOG).get('pg_16398');
    expect(f).toEqual({
      origin: 'pg_16398',
      message: 'duplicate key value violates unique constraint "test_pkey"',
      detail: 'Key (id)=(1000000) already exists.',
      relation: 'public.test',
      transaction: '747',
      finishLsn: '0/3058F88',
    });
    expect(applyFailures('nothing here').size).toBe(0);
  });
});
