'use server';
import { defineAction } from '@/lib/http/action';
import { createClusterCommand } from '@/lib/http/cluster-commands';

/** The wizard's last step: save the topology (validated here, 422 with every problem) and queue its first apply. */
export const createClusterAction = defineAction('createClusterAction', { role: 'operator', status: 201 }, async (ctx, topology: unknown) => createClusterCommand(topology, ctx));
