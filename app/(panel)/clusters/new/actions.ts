'use server';
import { getDb } from '@/lib/db/client';
import { defineAction } from '@/lib/http/action';
import { createClusterCommand } from '@/lib/http/cluster-commands';
import { checkLibvirt, checkYandex } from '@/lib/machines/checks';

/** The wizard's last step: save the topology (validated here, 422 with every problem) and queue its first apply. */
export const createClusterAction = defineAction('createClusterAction', { role: 'operator', status: 201 }, async (ctx, topology: unknown) => createClusterCommand(topology, ctx));

/** The wizard's "Test credentials" for Yandex Cloud: `{ credentialId, folderId }` → the zones and the folder's subnets, or what stopped it. */
export const testYandexCredentialsAction = defineAction('testYandexCredentialsAction', { role: 'operator' }, async (_ctx, input: unknown) => checkYandex(await getDb(), input));

/** The wizard's libvirt connection check: `{ uri }` → whether it answers, the host's free memory and disk, pre-flight's problems. */
export const checkLibvirtAction = defineAction('checkLibvirtAction', { role: 'operator' }, async (_ctx, input: unknown) => checkLibvirt(input));
