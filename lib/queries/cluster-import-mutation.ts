'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';
import type { ImportResult } from './types';

export interface ImportBody {
  name: string;
  provider: 'local' | 'ssh';
  database?: string;
  login?: { user: string; password?: string };
  nodes: Array<{ name: string; port: number; dataDir?: string; address?: string }>;
}

/** Adopt servers that already run: the panel reads them and saves the topology that describes them. */
export function useClusterImportMutation(adopt: ServerAction<[body: ImportBody], ImportResult>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ImportBody) => callAction(() => adopt(body)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.clusters() }),
  });
}
