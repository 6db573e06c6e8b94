'use client';
import { useMutation } from '@tanstack/react-query';
import type { TopologyInput } from '@/lib/topology/schema';
import { callAction, type ServerAction } from './call-action';

/** The plan a re-apply would run against what the cluster has: of its saved topology, or of a changed one. */
export function useClusterPlanMutation<T>(clusterId: string, preview: ServerAction<[id: string, topology?: TopologyInput], T>) {
  return useMutation({
    mutationFn: (topology?: TopologyInput) => callAction(() => preview(clusterId, topology)),
  });
}
