'use client';
import { useMutation } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { saveFile } from './save-file';
import type { TopologyBody } from './types';

/** Download the plan as a commented shell runbook. */
export function useRunbookMutation(render: ServerAction<[topology: TopologyBody], { file: string; script: string }>) {
  return useMutation({
    mutationFn: async (topology: TopologyBody) => {
      const { file, script } = await callAction(() => render(topology));
      saveFile(file, new Blob([script], { type: 'text/x-shellscript;charset=utf-8' }));
    },
  });
}
