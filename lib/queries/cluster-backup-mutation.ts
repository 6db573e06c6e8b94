'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';
import type { BackupType } from './backups-types';

/** "Back up now": queue a full, differential or incremental backup job. */
export function useClusterBackupMutation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (type: BackupType) => postJson<{ jobId: string }>(`/api/clusters/${encodeURIComponent(clusterId)}/backups`, { type }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.cluster(clusterId) }),
  });
}
