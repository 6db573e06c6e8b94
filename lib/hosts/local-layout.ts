import 'server-only';
import path from 'node:path';
import type { LocalLayout } from '@/lib/plan/layout';
import { dataRoot } from '@/lib/config';
import { findPostgresBinDir } from './find-binaries';
import { localClusterUser } from './local-executor';

/** The local provider's layout for one cluster: binaries found on this machine, files under the data dir. */
export async function discoverLocalLayout(postgresVersion: number, clusterId: string): Promise<LocalLayout> {
  return {
    kind: 'local',
    binDir: await findPostgresBinDir(postgresVersion),
    root: path.join(dataRoot(), 'clusters', clusterId),
    runAs: localClusterUser(),
  };
}
