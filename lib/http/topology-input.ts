import 'server-only';
import { validateTopology } from '@/lib/topology';
import type { Topology } from '@/lib/topology/schema';
import { HttpError } from './respond';
import { getDb } from '@/lib/db/client';
import { missingCredentials } from '@/lib/db/repositories/credentials';

/** Validate a request's topology or throw a 422 with every problem and its path. */
export function requireTopology(input: unknown): Topology {
  const result = validateTopology(input);
  if (!result.ok) throw new HttpError(422, result.errors);
  return result.topology;
}

/** Stored credentials a topology refers to must exist: reported at their field, before anything is saved. */
export async function requireKnownCredentials(t: Topology): Promise<Topology> {
  const refs = t.nodes.flatMap((n, i) => (n.ssh?.credentialId ? [{ i, id: n.ssh.credentialId }] : []));
  const missing = new Set(await missingCredentials(await getDb(), refs.map((r) => r.id)));
  const issues = refs.filter((r) => missing.has(r.id)).map((r) => ({ path: `nodes.${r.i}.ssh.credentialId`, message: `no stored credential has the id ${r.id}: add it in Settings or choose another` }));
  if (issues.length > 0) throw new HttpError(422, issues);
  return t;
}
