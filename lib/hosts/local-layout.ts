import 'server-only';
import path from 'node:path';
import type { Layout, LocalLayout } from '@/lib/plan/layout';
import type { Topology } from '@/lib/topology/schema';
import { dataRoot } from '@/lib/config';
import { findPostgresBinDir } from './find-binaries';
import { localClusterUser } from './local-executor';

/** The local provider's layout for one cluster: binaries found on this machine, files under the data dir. */
export async function discoverLocalLayout(postgresVersion: number, clusterId: string, nodes: Topology['nodes'] = []): Promise<LocalLayout> {
  const dataDirs = Object.fromEntries(nodes.flatMap((n) => (n.dataDir ? [[n.name, n.dataDir]] : [])));
  return {
    kind: 'local',
    binDir: await findPostgresBinDir(postgresVersion),
    root: path.join(dataRoot(), 'clusters', clusterId),
    runAs: localClusterUser(),
    ...(Object.keys(dataDirs).length > 0 ? { dataDirs } : {}),
  };
}

/** The layout a topology's hosts use: local clusters here, or Debian/Ubuntu's postgresql-common over SSH. */
export async function discoverLayout(t: Topology, clusterId: string): Promise<Layout> {
  return t.provider === 'ssh' ? { kind: 'debian', version: t.postgresVersion } : discoverLocalLayout(t.postgresVersion, clusterId, t.nodes);
}
