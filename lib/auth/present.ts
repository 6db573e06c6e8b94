import 'server-only';
import type { Principal } from './roles';

/** GET /api/auth/status: whether the first admin must still be created, and who this browser is logged in as. */
export function presentAuthStatus(isSetupRequired: boolean, p: Principal | null) {
  return { setupRequired: isSetupRequired, authenticated: !!p, user: p ? { name: p.name, role: p.role } : null };
}
