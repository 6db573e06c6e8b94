'use client';
import { useMutation } from '@tanstack/react-query';
import type { SchemaChangeRequest } from '@/lib/topology/schema-change-request';
import { callAction, type ServerAction } from './call-action';

/** Preview (nothing runs) or queue a schema change; `T` is what the route's action answers (plan, order, jobId). */
export function useClusterSchemaChangeMutation<T>(
  clusterId: string,
  preview: ServerAction<[id: string, input: SchemaChangeRequest], T>,
  run: ServerAction<[id: string, input: SchemaChangeRequest, options?: { confirmDestructive?: boolean }], T>,
) {
  return {
    preview: useMutation({ mutationFn: (input: SchemaChangeRequest) => callAction(() => preview(clusterId, input)) }),
    run: useMutation({ mutationFn: ({ input, confirmDestructive }: { input: SchemaChangeRequest; confirmDestructive: boolean }) => callAction(() => run(clusterId, input, { confirmDestructive })) }),
  };
}
