'use client';
import { useMutation } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import type { Plan, TopologyBody } from './types';

/** Validate a topology and compile its plan without running anything (422 lists every problem). */
export function usePlanMutation() {
  return useMutation({
    mutationFn: (topology: TopologyBody) => postJson<Plan>('/api/plans', topology),
  });
}
