import 'server-only';
import path from 'node:path';
import type { Layout, LocalLayout } from '@/lib/plan/layout';
import type { Topology } from '@/lib/topology/schema';
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

/** The layout a topology's hosts use: local clusters here, or Debian/Ubuntu's postgresql-common over SSH. */
export async function discoverLayout(t: Topology, clusterId: string): Promise<Layout> {
  return t.provider === 'ssh' ? { kind: 'debian', version: t.postgresVersion } : discoverLocalLayout(t.postgresVersion, clusterId);
}
