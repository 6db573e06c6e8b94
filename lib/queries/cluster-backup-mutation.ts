'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';
import type { BackupType } from './backups-types';

/** "Back up now": queue a full, differential or incremental backup job. */
export function useClusterBackupMutation<T>(clusterId: string, backup: ServerAction<[id: string, input: { type: BackupType }], T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (type: BackupType) => callAction(() => backup(clusterId, { type })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.cluster(clusterId) }),
  });
}
