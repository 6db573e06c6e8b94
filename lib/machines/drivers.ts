import 'server-only';
import type { Db } from '@/lib/db/client';
import { getCredential } from '@/lib/db/repositories/credentials';
import { acceptHostKey, forgetHostKey, getHostKey } from '@/lib/db/repositories/host-keys';
import type { Machines } from '@/lib/topology/machines';
import type { MachineServices } from '@/lib/jobs/step-context';
import { LibvirtDriver } from './libvirt/driver';
import { YANDEX_ENDPOINTS, type YandexEndpoints } from './yandex/api';
import { parseYandexCredential } from './yandex/auth';
import { YandexDriver } from './yandex/driver';
import { MachineError, type MachineDriver } from './types';

/** Yandex Cloud's base URLs, or one base for all of them (PGCASCADE_YANDEX_API_BASE: a stand-in, a proxy). */
function yandexEndpoints(): YandexEndpoints {
  const base = process.env.PGCASCADE_YANDEX_API_BASE;
  if (!base) return YANDEX_ENDPOINTS;
  return { iam: base, compute: base, vpc: base, resourceManager: base, operation: base };
}

/** The driver for a node's machine settings; Yandex credentials come from the encrypted credential store. */
export async function machineDriver(db: Db, machine: Machines): Promise<MachineDriver> {
  if (machine.driver === 'libvirt') return new LibvirtDriver(machine);
  const stored = await getCredential(db, machine.credentialId);
  const text = stored?.cloudKey ?? stored?.privateKey ?? stored?.password;
  if (!stored || !text) throw new MachineError(`credential ${machine.credentialId} for Yandex Cloud does not exist or holds no key`, 'Store the service account\'s authorized key (JSON) or an OAuth token as a credential and name it in machines.credentialId');
  return new YandexDriver(parseYandexCredential(text), machine, { endpoints: yandexEndpoints() });
}

/** What a job's machine steps use: drivers (one per settings, reused across steps), host key pins, SSH hosts. */
export function machineServices(db: Db, sshHosts: Map<string, string>): MachineServices {
  const drivers = new Map<string, Promise<MachineDriver>>();
  return {
    driver(machine) {
      // One driver per place VMs come from (the IAM token and the KVM decision are kept in it).
      const key = machine.driver === 'libvirt' ? `libvirt ${machine.uri} ${machine.network ?? ''} ${machine.baseImage ?? ''}` : `yandex ${machine.credentialId} ${machine.folderId}`;
      let d = drivers.get(key);
      if (!d) {
        d = machineDriver(db, machine);
        drivers.set(key, d);
      }
      return d;
    },
    async pinHostKey(host, port, keyType, fingerprint) {
      const current = await getHostKey(db, host, port);
      if (current?.fingerprint === fingerprint) return;
      // The address is this VM's, just made with this key: an older pin there was a VM that is gone.
      if (current) await forgetHostKey(db, host, port);
      await acceptHostKey(db, { host, port, keyType, fingerprint });
    },
    setSshHost(node, host) {
      sshHosts.set(node, host);
    },
  };
}
