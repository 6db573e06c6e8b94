'use client';
import { useMutation } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import type { Plan } from './types';

/** The plan a re-apply of the cluster's saved topology would run, with the cluster's own folders. */
export function useClusterPlanMutation(clusterId: string) {
  return useMutation({
    mutationFn: () => postJson<Plan>(`/api/clusters/${encodeURIComponent(clusterId)}/plan`),
  });
}
