'use client';
import { useMutation } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import type { Plan, TopologyBody } from './types';

/** Validate a topology and compile its plan without running anything (422 lists every problem). */
export function usePlanMutation(preview: ServerAction<[topology: TopologyBody], Plan>) {
  return useMutation({
    mutationFn: (topology: TopologyBody) => callAction(() => preview(topology)),
  });
}
