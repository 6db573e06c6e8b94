import type { Topology } from '@/lib/topology/schema';
import { ADMIN_ROLE, loginRole, SUPERUSER, secretRef } from '@/lib/postgres/roles';
import { createAdminRoleSql } from '@/lib/postgres/sql';
import { bin, nodeFiles, type LocalLayout } from '../layout';
import { nodePort } from '../derive/node-facts';
import type { Step } from '../types';
import { makeDirCommand } from './commands';

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

/**
 * Debian/Ubuntu: the role the panel logs in as, reached only from localhost through the SSH tunnel: its own, or on
 * a new node of an imported cluster the imported cluster's superuser, with the same password as on the others.
 */
export function createAdminRoleStep(t: Topology, node: string): Step {
  const role = loginRole(t);
  return {
    id: `${node}/create-admin-role`,
    node,
    kind: 'create-admin-role',
    summary: role === ADMIN_ROLE ? `Create the panel's role ${ADMIN_ROLE} (superuser, localhost only, generated password)` : `Give ${role}, the role the panel logs in as, its password on ${node} (superuser, localhost only)`,
    commands: [{ type: 'shell', argv: ['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', 'postgres'], asPostgres: true, stdin: createAdminRoleSql(role, secretRef('superuser_password')) }],
    params: { kind: 'create-admin-role', role, secret: 'superuser_password' },
  };
}

