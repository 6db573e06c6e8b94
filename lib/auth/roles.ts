import { z } from 'zod';

/** What each role may do; each includes the ones before it. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

/** Whether `have` includes every right of `need`. */
export function roleAtLeast(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** Who sent a request: a logged-in user, an API token, or the token of PGCASCADE_API_TOKEN. */
export interface Principal {
  kind: 'user' | 'token';
  /** The user's or token's id (`env` for PGCASCADE_API_TOKEN). */
  id: string;
  /** What the audit trail shows: the user name, or `token:<name>`. */
  name: string;
  role: Role;
}
