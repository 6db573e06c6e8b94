'use server';
import { defineAction } from '@/lib/http/action';
import { importCommand } from '@/lib/http/cluster-commands';

/** Adopt servers that already run (the command POST /api/clusters/import runs): 422 with every problem, nothing changes on the hosts. */
export const importClusterAction = defineAction('importClusterAction', { role: 'operator', status: 201 }, async (ctx, input: unknown) => importCommand(input, ctx));
