'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';

export interface ImportBody {
  name: string;
  provider: 'local' | 'ssh';
  database?: string;
  login?: { user: string; password?: string };
  nodes: Array<{ name: string; port: number; dataDir?: string; address?: string }>;
}

/** Adopt servers that already run: the panel reads them and saves the topology that describes them. */
export function useClusterImportMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ImportBody) => postJson<{ id: string; notes: string[] }>('/api/clusters/import', body),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.clusters() }),
  });
}
