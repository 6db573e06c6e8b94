'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';
import type { InsertedRow } from './types';

export interface TestRowInsert {
  node: string;
  table: string;
  data?: string;
}

/**
 * Insert one test row on a writable node; resolves with the row and the client time it answered (t0).
 * The table's rows are polled again at once (an in-flight poll is aborted, so polls never overlap),
 * which makes the first arrival times finer than the 700 ms poll interval.
 */
export function useTestRowInsertMutation(clusterId: string, insert: ServerAction<[id: string, input: TestRowInsert], InsertedRow>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: TestRowInsert) => {
      const row = await callAction(() => insert(clusterId, input));
      return { row, t0: Date.now() };
    },
    onSuccess: (_data, input) => client.invalidateQueries({ queryKey: keys.rows(clusterId, input.table) }),
  });
}
