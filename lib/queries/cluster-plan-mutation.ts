'use client';
import { useMutation } from '@tanstack/react-query';
import { previewApplyAction } from '@/app/(panel)/clusters/[id]/actions';
import type { TopologyInput } from '@/lib/topology/schema';
import { callAction } from './call-action';

/** The plan a re-apply would run against what the cluster has: of its saved topology, or of a changed one. */
export function useClusterPlanMutation(clusterId: string) {
  return useMutation({
    mutationFn: (topology?: TopologyInput) => callAction(() => previewApplyAction(clusterId, topology)),
  });
}
