import 'server-only';
import { validateTopology } from '@/lib/topology';
import type { Topology } from '@/lib/topology/schema';
import { HttpError } from './respond';
import { getDb } from '@/lib/db/client';
import { missingCredentials } from '@/lib/db/repositories/credentials';
import { secretsSentElsewhere } from '@/lib/clusters/ssh-secrets';
import { roleAtLeast, type Principal } from '@/lib/auth/roles';

/** Validate a request's topology or throw a 422 with every problem and its path. */
export function requireTopology(input: unknown): Topology {
  const result = validateTopology(input);
  if (!result.ok) throw new HttpError(422, result.errors);
  return result.topology;
}

/** Stored credentials a topology refers to must exist: reported at their field, before anything is saved. */
export async function requireKnownCredentials(t: Topology): Promise<Topology> {
  const refs = t.nodes.flatMap((n, i) => (n.ssh?.credentialId ? [{ path: `nodes.${i}.ssh.credentialId`, id: n.ssh.credentialId }] : []));
  if (t.machines?.driver === 'yandex-cloud') refs.push({ path: 'machines.credentialId', id: t.machines.credentialId });
  const missing = new Set(await missingCredentials(await getDb(), refs.map((r) => r.id)));
  const issues = refs.filter((r) => missing.has(r.id)).map((r) => ({ path: r.path, message: `no stored credential has the id ${r.id}: add it in Settings or choose another` }));
  if (issues.length > 0) throw new HttpError(422, issues);
  return t;
}

/**
 * A changed topology may not send a stored secret to a host it was not given for: a kept password (********) must
 * be typed again (422), and moving a stored credential to a new host is for an admin only (403).
 */
export function requireSecretsStayWithHosts(saved: Topology, next: Topology, principal: Principal | null): void {
  const moves = secretsSentElsewhere(saved, next);
  const masked = moves.filter((m) => m.kind === 'masked');
  if (masked.length > 0) {
    throw new HttpError(422, masked.map((m) => ({ path: m.path, message: `${m.node} now points at ${m.to}${m.from ? ` (was ${m.from})` : ''}: enter the secret again; a stored one is only sent to the host it was given for` })));
  }
  const credentials = moves.filter((m) => m.kind === 'credential');
  if (credentials.length > 0 && !(principal && roleAtLeast(principal.role, 'admin'))) {
    throw new HttpError(403, credentials.map((m) => ({ path: m.path, message: `${m.node} now points at ${m.to} (was ${m.from}): only an admin may send a stored credential to another host; or enter the SSH secrets inline` })));
  }
}
