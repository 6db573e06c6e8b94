import type { Backup, Topology } from '@/lib/topology/schema';
import type { Layout } from '@/lib/plan/layout';
import { pgbackrestFiles, renderPgbackrestConfig } from '@/lib/plan/derive/pgbackrest';
import { makeDirCommand } from '@/lib/plan/steps/commands';
import type { Command, Step } from '@/lib/plan/types';
import { objectModule, type ParamsOf } from './object';

/** The repository folder, owned by the clusters' OS user (made by root when the panel runs as root). */
function repositoryDirCommand(layout: Layout, path: string): Command {
  const user = layout.kind === 'debian' ? 'postgres' : layout.runAs;
  return { type: 'shell', argv: user ? ['install', '-d', '-o', user, '-g', user, '-m', '0750', path] : ['install', '-d', '-m', '0750', path], asPostgres: false };
}

function writeCommands(layout: Layout, p: ParamsOf<'write-pgbackrest-config'>): Command[] {
  const commands: Command[] = [repositoryDirCommand(layout, p.repoPath), ...p.dirs.map((d) => makeDirCommand(layout, d, '0750'))];
  // Debian: beside the package's own /etc/pgbackrest files, written by root, readable by postgres (no secrets in it).
  if (layout.kind === 'debian') commands.push({ type: 'shell', argv: ['install', '-d', '-m', '0755', '/etc/pgbackrest'], asPostgres: false });
  commands.push({ type: 'file', path: p.path, content: p.content, mode: 0o644, asPostgres: layout.kind === 'local' });
  return commands;
}

/** pgBackRest's configuration file for one backup definition (its stanza, repository and retention). */
export function pgbackrestConfigStep(t: Topology, layout: Layout, backup: Backup): Step {
  const files = pgbackrestFiles(layout, backup.node);
  const params: ParamsOf<'write-pgbackrest-config'> = { kind: 'write-pgbackrest-config', path: files.config, content: renderPgbackrestConfig(t, layout, backup), dirs: files.dirs, repoPath: backup.repository.path };
  const from = backup.fromStandby ? `, files read from ${backup.fromStandby}` : '';
  return {
    id: `${backup.node}/write-pgbackrest-config`,
    node: backup.node,
    kind: 'write-pgbackrest-config',
    summary: `Write pgBackRest's configuration for ${backup.node} (repository ${backup.repository.path}, keep ${backup.retention?.full ?? 2} full${from})`,
    commands: writeCommands(layout, params),
    params,
  };
}

interface LiveConfig {
  file: string | null;
  repository: boolean;
  missingDirs: string[];
}

export const pgbackrestConfig = objectModule<'write-pgbackrest-config', LiveConfig>({
  kind: 'write-pgbackrest-config',
  async read(io, p) {
    const [file, repository, dirs] = await Promise.all([io.readFile(p.path), io.exists(p.repoPath), Promise.all(p.dirs.map((d) => io.exists(d)))]);
    return { file, repository, missingDirs: p.dirs.filter((_, i) => !dirs[i]) };
  },
  diff(p, live) {
    const reasons: string[] = [];
    if (live.file === null) reasons.push(`${p.path} is missing`);
    else if (live.file !== p.content) reasons.push(`${p.path} differs from what pgcascade writes`);
    if (!live.repository) reasons.push(`the repository ${p.repoPath} is missing`);
    if (live.missingDirs.length > 0) reasons.push(`${live.missingDirs.join(', ')} missing`);
    if (reasons.length === 0) return null;
    return { action: live.file === null ? 'create' : 'change', reason: `pgBackRest: ${reasons.join('; ')}`, commands: [], planned: true, expected: p.content, actual: live.file ?? 'missing' };
  },
});
