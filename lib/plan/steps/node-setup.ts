import type { Topology } from '@/lib/topology/schema';
import { renderSettingsFile } from '@/lib/postgres/settings';
import { renderHbaBlock } from '@/lib/postgres/pg-hba';
import { SUPERUSER, secretRef } from '@/lib/postgres/roles';
import { archiveDir, bin, dataDir, logFile, nodeDir, socketDir, type LocalLayout } from '../layout';
import { deriveSettings } from '../derive/settings';
import { deriveAccessRules } from '../derive/access';
import { nodePort } from '../derive/node-facts';
import type { Command, Step } from '../types';
import { makeDirCommand, pgCtlCommand } from './commands';

export function initClusterStep(t: Topology, layout: LocalLayout, node: string): Step {
  const dir = nodeDir(layout, node);
  const pwfile = `${dir}/.pwfile`;
  const scratch = `${dataDir(layout, node)}.partial`;
  return {
    id: `${node}/init-cluster`,
    node,
    kind: 'init-cluster',
    summary: `Create the PostgreSQL ${t.postgresVersion} cluster for ${node} (initdb)`,
    commands: [
      makeDirCommand(layout, dir),
      { type: 'file', path: pwfile, content: `${secretRef('superuser_password')}\n`, mode: 0o600, asPostgres: true },
      // Build in a scratch folder and rename: a crash mid-initdb never leaves a half-made cluster in place.
      { type: 'shell', argv: ['rm', '-rf', scratch], asPostgres: true },
      {
        type: 'shell',
        argv: [bin(layout, 'initdb'), '-D', scratch, '-U', SUPERUSER, `--pwfile=${pwfile}`, '--auth-local=peer', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C'],
        asPostgres: true,
      },
      { type: 'shell', argv: ['rm', '-f', pwfile], asPostgres: true },
      { type: 'shell', argv: ['mv', '-T', scratch, dataDir(layout, node)], asPostgres: true },
    ],
    params: { kind: 'init-cluster', dataDir: dataDir(layout, node) },
  };
}

export function setSettingsStep(t: Topology, layout: LocalLayout, node: string): Step {
  const settings = deriveSettings(t, node, layout);
  const path = `${dataDir(layout, node)}/pgcascade.conf`;
  const conf = `${dataDir(layout, node)}/postgresql.conf`;
  const include = "include_if_exists = 'pgcascade.conf'";
  const commands: Command[] = [makeDirCommand(layout, socketDir(layout, node))];
  if (settings.some(([name]) => name === 'archive_command')) commands.push(makeDirCommand(layout, archiveDir(layout, node)));
  commands.push(
    { type: 'file', path, content: renderSettingsFile(settings), mode: 0o600, asPostgres: true },
    { type: 'shell', argv: ['sh', '-c', `grep -qxF "${include}" ${conf} || echo "${include}" >> ${conf}`], asPostgres: true },
  );
  const summary = settings
    .filter(([name]) => ['wal_level', 'archive_mode', 'restore_command', 'wal_keep_size'].includes(name))
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
  return { id: `${node}/set-settings`, node, kind: 'set-settings', summary: `Write ${node}'s settings (${summary})`, commands, params: { kind: 'set-settings', path, settings } };
}

export function writeHbaStep(t: Topology, layout: LocalLayout, node: string): Step {
  const path = `${dataDir(layout, node)}/pg_hba.conf`;
  const rules = deriveAccessRules(t, node);
  const peers = rules.length === 0 ? 'no peers' : rules.map((r) => `${r.user}@${r.database}`).join(', ');
  return {
    id: `${node}/write-pg-hba`,
    node,
    kind: 'write-pg-hba',
    summary: `Allow ${node}'s peers in pg_hba.conf (${peers})`,
    commands: [{ type: 'managed-block', path, block: renderHbaBlock(rules), asPostgres: true }],
    params: { kind: 'write-pg-hba', path, rules },
  };
}

export function ensureRunningStep(t: Topology, layout: LocalLayout, node: string): Step {
  return {
    id: `${node}/ensure-running`,
    node,
    kind: 'ensure-running',
    summary: `Start ${node} on port ${nodePort(t, node)} (reload, or restart only when a changed setting needs it)`,
    commands: [pgCtlCommand(layout, dataDir(layout, node), 'start', logFile(layout, node))],
    params: { kind: 'ensure-running', dataDir: dataDir(layout, node), port: nodePort(t, node) },
  };
}
