import type { Topology } from '@/lib/topology/schema';
import { renderSettingsFile } from '@/lib/postgres/settings';
import { renderHbaBlock } from '@/lib/postgres/pg-hba';
import { ADMIN_ROLE, SUPERUSER, secretRef } from '@/lib/postgres/roles';
import { createAdminRoleSql } from '@/lib/postgres/sql';
import { bin, nodeFiles, serviceCommands, type Layout, type LocalLayout } from '../layout';
import { deriveSettings } from '../derive/settings';
import { deriveAccessRules } from '../derive/access';
import { nodePort } from '../derive/node-facts';
import type { Command, Step } from '../types';
import { makeDirCommand, serviceCommand } from './commands';

export function initClusterStep(t: Topology, layout: LocalLayout, node: string): Step {
  const files = nodeFiles(layout, node);
  const dir = files.nodeDir as string;
  const pwfile = `${dir}/.pwfile`;
  const scratch = `${files.dataDir}.partial`;
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
      { type: 'shell', argv: ['mv', '-T', scratch, files.dataDir], asPostgres: true },
    ],
    params: { kind: 'init-cluster', dataDir: files.dataDir },
  };
}

/** Debian/Ubuntu: the `<version>/main` cluster made by postgresql-common, if the host has none yet. */
export function createClusterStep(t: Topology, node: string): Step {
  const port = nodePort(t, node);
  return {
    id: `${node}/create-cluster`,
    node,
    kind: 'create-cluster',
    summary: `Create the ${t.postgresVersion}/main cluster on ${node} if it has none (pg_createcluster)`,
    commands: [{ type: 'shell', argv: ['pg_createcluster', '-p', String(port), String(t.postgresVersion), 'main'], asPostgres: false }],
    params: { kind: 'create-cluster', version: t.postgresVersion, port },
  };
}

/** Debian/Ubuntu: the panel's own superuser, reached only from localhost through the SSH tunnel. */
export function createAdminRoleStep(node: string): Step {
  return {
    id: `${node}/create-admin-role`,
    node,
    kind: 'create-admin-role',
    summary: `Create the panel's role ${ADMIN_ROLE} (superuser, localhost only, generated password)`,
    commands: [{ type: 'shell', argv: ['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', 'postgres'], asPostgres: true, stdin: createAdminRoleSql(ADMIN_ROLE, secretRef('superuser_password')) }],
    params: { kind: 'create-admin-role', role: ADMIN_ROLE, secret: 'superuser_password' },
  };
}

export function setSettingsStep(t: Topology, layout: Layout, node: string): Step {
  const settings = deriveSettings(t, node, layout);
  const files = nodeFiles(layout, node);
  const includeLine = layout.kind === 'local' ? "include_if_exists = 'pgcascade.conf'" : "include_dir = 'conf.d'";
  const dirs = [files.socketDir, settings.some(([name]) => name === 'archive_command') ? files.archiveDir : null].filter((d): d is string => d !== null);
  const commands: Command[] = dirs.map((d) => makeDirCommand(layout, d));
  if (layout.kind === 'debian') commands.push(makeDirCommand(layout, files.settingsFile.replace(/\/[^/]+$/, ''), '0755'));
  commands.push(
    { type: 'file', path: files.settingsFile, content: renderSettingsFile(settings), mode: 0o644, asPostgres: true },
    { type: 'shell', argv: ['sh', '-c', `grep -qxF "${includeLine}" ${files.mainConf} || echo "${includeLine}" >> ${files.mainConf}`], asPostgres: true },
  );
  const summary = settings
    .filter(([name]) => ['listen_addresses', 'wal_level', 'archive_mode', 'restore_command', 'wal_keep_size'].includes(name))
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
  return {
    id: `${node}/set-settings`,
    node,
    kind: 'set-settings',
    summary: `Write ${node}'s settings (${summary})`,
    commands,
    params: { kind: 'set-settings', path: files.settingsFile, mainConf: files.mainConf, includeLine, settings, dirs },
  };
}

export function writeHbaStep(t: Topology, layout: Layout, node: string): Step {
  const path = nodeFiles(layout, node).hbaFile;
  const rules = deriveAccessRules(t, node, layout.kind === 'debian');
  const peers = rules.length === 0 ? 'no peers' : rules.map((r) => `${r.user}@${r.database} from ${r.address}`).join(', ');
  return {
    id: `${node}/write-pg-hba`,
    node,
    kind: 'write-pg-hba',
    summary: `Allow ${node}'s peers in pg_hba.conf (${peers})`,
    commands: [{ type: 'managed-block', path, block: renderHbaBlock(rules), asPostgres: true }],
    params: { kind: 'write-pg-hba', path, rules },
  };
}

export function ensureRunningStep(t: Topology, layout: Layout, node: string): Step {
  const service = serviceCommands(layout, node);
  return {
    id: `${node}/ensure-running`,
    node,
    kind: 'ensure-running',
    summary: `Start ${node} on port ${nodePort(t, node)} (reload, or restart only when a changed setting needs it)`,
    commands: [serviceCommand(service.start, service.asPostgres)],
    params: { kind: 'ensure-running', port: nodePort(t, node), service },
  };
}
