'use server';
import { getDb } from '@/lib/db/client';
import { defineAction } from '@/lib/http/action';
import { createClusterCommand, planCommand, runbookCommand } from '@/lib/http/cluster-commands';
import { scanHostKeyCommand } from '@/lib/http/settings-commands';
import { checkLibvirt, checkYandex } from '@/lib/machines/checks';

/** The wizard's last step: save the topology (validated here, 422 with every problem) and queue its first apply. */
export const createClusterAction = defineAction('createClusterAction', { role: 'operator', status: 201 }, async (ctx, topology: unknown) => createClusterCommand(topology, ctx));

/** The wizard's "Test credentials" for Yandex Cloud: `{ credentialId, folderId }` → the zones and the folder's subnets, or what stopped it. */
export const testYandexCredentialsAction = defineAction('testYandexCredentialsAction', { role: 'operator' }, async (_ctx, input: unknown) => checkYandex(await getDb(), input));

/** The wizard's libvirt connection check: `{ uri }` → whether it answers, the host's free memory and disk, pre-flight's problems. */
export const checkLibvirtAction = defineAction('checkLibvirtAction', { role: 'operator' }, async (_ctx, input: unknown) => checkLibvirt(input));

/** The plan of the wizard's topology, without running anything. */
export const previewPlanAction = defineAction('previewPlanAction', { role: 'operator' }, async (_ctx, topology: unknown) => planCommand(topology));

/** The plan as a commented shell runbook, and the file name to save it as. */
export const runbookAction = defineAction('runbookAction', { role: 'operator' }, async (_ctx, topology: unknown) => runbookCommand(topology));

/** The key a host presents now (and the one accepted for it), for the user to compare before accepting it. */
export const scanHostKeyAction = defineAction('scanHostKeyAction', { role: 'operator' }, async (ctx, input: { host: string; port: number }) => scanHostKeyCommand(input, ctx));
