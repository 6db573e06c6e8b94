/** The role that subscribers log in as on a publisher: LOGIN REPLICATION, SELECT on published tables, not a superuser. */
export const LOGICAL_ROLE = 'pgcascade_logical';
/** The role that standbys stream WAL as from their upstream: LOGIN REPLICATION, not a superuser. */
export const PHYSICAL_ROLE = 'pgcascade_physical';
/** The superuser the panel itself connects as (over 127.0.0.1 or an SSH tunnel). */
export const SUPERUSER = 'postgres';

/** Names of the per-cluster secrets; plans refer to them as `{{secret:<name>}}`. */
export const SECRET_NAMES = ['superuser_password', 'logical_password', 'physical_password', 'monitor_password'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

export function secretRef(name: SecretName): string {
  return `{{secret:${name}}}`;
}

/** The secret as a SCRAM verifier, made fresh when the command runs: for `PASSWORD '…'` of a role. */
export function scramRef(name: SecretName): string {
  return `{{scram:${name}}}`;
}

/** On SSH hosts the panel connects as its own superuser (through the tunnel, from localhost only). */
export const ADMIN_ROLE = 'pgcascade_admin';

/** The role the panel itself connects as: postgres on the clusters it made, its own role on SSH hosts. */
export function superuserFor(provider: 'local' | 'ssh'): string {
  return provider === 'local' ? SUPERUSER : ADMIN_ROLE;
}

/** The role the panel logs in as on every node of a cluster: an imported cluster's own superuser, else its own. */
export function loginRole(t: { superuser?: string | undefined; provider: 'local' | 'ssh' }): string {
  return t.superuser ?? superuserFor(t.provider);
}

/** The sampler's role: LOGIN, member of pg_read_all_stats (not pg_monitor), and allowed to write heartbeats. Not a superuser. */
export const MONITOR_ROLE = 'pgcascade_monitor';
