import 'server-only';
import type pg from 'pg';
import { quoteIdent } from '@/lib/postgres/quote';
import type { Diagnosis } from '@/lib/diagnose';

/** Published tables whose UPDATE and DELETE the publisher would refuse: no primary key and no replica identity. */
export async function replicaIdentityDiagnoses(c: pg.Client, node: string): Promise<Diagnosis[]> {
  const rows = await c.query<{ relname: string; pubname: string }>(
    `SELECT DISTINCT c.relname, pt.pubname FROM pg_publication_tables pt
       JOIN pg_class c ON c.relname = pt.tablename JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = pt.schemaname
      WHERE c.relreplident = 'n' OR (c.relreplident = 'd' AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary))
      ORDER BY 1`,
  );
  return rows.rows.map((r) => ({
    id: 'no-replica-identity',
    node,
    title: `${r.relname} on ${node} is published (${r.pubname}) without a replica identity`,
    meaning: `INSERTs replicate, but ${node} refuses every UPDATE and DELETE on ${r.relname} ("cannot update table … because it does not have a replica identity and publishes updates"): subscribers can only be told which row changed through a primary key or a replica identity.`,
    fix: [
      `Add a primary key: ALTER TABLE public.${quoteIdent(r.relname)} ADD PRIMARY KEY (<column>);`,
      `or send whole rows: ALTER TABLE public.${quoteIdent(r.relname)} REPLICA IDENTITY FULL;`,
    ],
  }));
}
