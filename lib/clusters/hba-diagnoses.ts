import 'server-only';
import type pg from 'pg';
import { WEAK_HBA_SQL, weakHbaDiagnoses, type HbaRuleRow } from '@/lib/diagnose/weak-hba';
import type { Diagnosis } from '@/lib/diagnose';

/** Access lines weaker than SCRAM in one node's pg_hba.conf (pg_hba_file_rules: read as the superuser). */
export async function hbaDiagnoses(c: pg.Client, node: string): Promise<Diagnosis[]> {
  const rows = await c.query<HbaRuleRow & { hba_file: string }>(WEAK_HBA_SQL);
  return weakHbaDiagnoses(node, rows.rows[0]?.hba_file ?? 'pg_hba.conf', rows.rows);
}
