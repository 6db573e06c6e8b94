'use client';
import { useAuthStatusQuery } from '@/lib/queries/auth-status-query';

/** Who this session is and what role it has, so a refused button is no surprise. */
export function CurrentUser() {
  const status = useAuthStatusQuery();
  const user = status.data?.user;
  if (!user) return null;
  return (
    <span className="px-1 text-xs text-slate-600" aria-label={`Logged in as ${user.name} (${user.role})`}>
      {user.name} · {user.role}
    </span>
  );
}
