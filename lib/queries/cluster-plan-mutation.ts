'use client';
import { useMutation } from '@tanstack/react-query';
import type { TopologyInput } from '@/lib/topology/schema';
import { postJson } from './fetch-json';
import type { Plan } from './types';

/** The plan a re-apply would run against what the cluster has: of its saved topology, or of a changed one. */
export function useClusterPlanMutation(clusterId: string) {
  return useMutation({
    mutationFn: (topology?: TopologyInput) => postJson<Plan>(`/api/clusters/${encodeURIComponent(clusterId)}/plan`, topology),
  });
}
