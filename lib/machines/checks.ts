import 'server-only';
import { z } from 'zod';
import type { Db } from '@/lib/db/client';
import { HttpError } from '@/lib/http/http-error';
import { fromZodIssues } from '@/lib/topology/zod-issues';
import { libvirtMachinesSchema, yandexMachinesSchema, type YandexMachines } from '@/lib/topology/machines';
import { machineDriver } from './drivers';
import { LibvirtDriver } from './libvirt/driver';
import type { YandexDriver } from './yandex/driver';

/** What "Test credentials" asks about: a stored credential and the folder the VMs go into. */
export const yandexCheckInput = z.strictObject({
  credentialId: z.string().min(1, 'choose a stored credential').max(100),
  folderId: yandexMachinesSchema.shape.folderId,
});
export const libvirtCheckInput = z.strictObject({ uri: libvirtMachinesSchema.shape.uri });

export interface YandexCheck {
  zones: Array<{ id: string; status: string | null }>;
  subnets: Array<{ id: string; name: string | null; zone: string; cidrs: string[] }>;
  /** What stopped a list, each with what to do (the API's message and the fix). */
  problems: string[];
}

export interface LibvirtCheck {
  uri: string;
  answered: boolean;
  version: string | null;
  freeMemoryGb: number | null;
  freeDiskGb: number | null;
  diskPath: string;
  problems: string[];
}

function parse<T>(schema: z.ZodType<T>, input: unknown, prefix: string): T {
  const r = schema.safeParse(input);
  if (!r.success) throw new HttpError(422, fromZodIssues(r.error.issues).map((i) => ({ ...i, path: i.path ? `${prefix}.${i.path}` : prefix })));
  return r.data;
}

/** Log in with the stored credential and list the zones and the folder's subnets, as pre-flight would reach them. */
export async function checkYandex(db: Db, input: unknown): Promise<YandexCheck> {
  const { credentialId, folderId } = parse(yandexCheckInput, input, 'machines');
  // Only the login and the folder matter for the lists; the rest of the settings are not read.
  const machines: YandexMachines = { driver: 'yandex-cloud', credentialId, folderId, zone: 'ru-central1-a', subnetId: 'unused', image: { family: 'ubuntu-2204-lts' }, resources: { cores: 1, memoryGb: 1, diskGb: 4 } };
  let driver: YandexDriver;
  try {
    driver = (await machineDriver(db, machines)) as YandexDriver;
  } catch (err) {
    return { zones: [], subnets: [], problems: [(err as Error).message] };
  }
  const problems: string[] = [];
  // One after the other: the first call exchanges the credential for the IAM token the second reuses.
  const zones = await driver.zones().catch((err: Error) => (problems.push(err.message), []));
  const subnets = problems.length > 0 ? [] : await driver.subnets().catch((err: Error) => (problems.push(err.message), []));
  return { zones, subnets, problems };
}

/** Whether libvirt answers at the URI, with the host's free memory and disk and what pre-flight would refuse. */
export async function checkLibvirt(input: unknown): Promise<LibvirtCheck> {
  const { uri } = parse(libvirtCheckInput, input, 'machines');
  const driver = new LibvirtDriver({ driver: 'libvirt', uri, resources: { cores: 1, memoryGb: 1, diskGb: 4 } });
  try {
    return { uri, ...(await driver.hostCheck()) };
  } catch (err) {
    // virsh missing, or the VM folder cannot be made: said like pre-flight says it.
    return { uri, answered: false, version: null, freeMemoryGb: null, freeDiskGb: null, diskPath: '', problems: [(err as Error).message] };
  }
}
