'use client';
import { useMutation } from '@tanstack/react-query';
import { fetchResponse } from './fetch-json';
import { saveFile } from './save-file';
import type { TopologyBody } from './types';

/** Download the plan as a commented shell runbook. */
export function useRunbookMutation() {
  return useMutation({
    mutationFn: async (topology: TopologyBody) => {
      const res = await fetchResponse('/api/plans/runbook', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(topology),
      });
      const name =
        /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'runbook.sh';
      saveFile(name, await res.blob());
    },
  });
}
