'use client';
import { useMutation } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import type { InsertedRow } from './types';

export interface TestRowInsert {
  node: string;
  table: string;
  data?: string;
}

/** Insert one test row on a writable node; resolves with the row and the client time it answered (t0). */
export function useTestRowInsertMutation(clusterId: string) {
  return useMutation({
    mutationFn: async (input: TestRowInsert) => {
      const row = await postJson<InsertedRow>(`/api/clusters/${encodeURIComponent(clusterId)}/test-rows`, input);
      return { row, t0: Date.now() };
    },
  });
}
