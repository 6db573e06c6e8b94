'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import type { AuditEntry, AuditFilter } from './types';

/** The newest audit rows matching the filter (admin only). */
export function useAuditQuery(filter: AuditFilter, limit = 100) {
  return useQuery({
    queryKey: keys.audit({ ...filter, limit }),
    queryFn: async () => {
      const q = new URLSearchParams({ limit: String(limit) });
      for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
      return fetchJson<{ entries: AuditEntry[]; retentionDays: number }>(`/api/audit?${q}`);
    },
  });
}
