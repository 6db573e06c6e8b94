import type { Topology } from '@/lib/topology/schema';
import { quoteShell } from '@/lib/postgres/quote';
import { SECRET_NAMES, SUPERUSER } from '@/lib/postgres/roles';
import type { LocalLayout } from './layout';
import type { Command, Plan } from './types';
import { fillPlaceholders, hasPlaceholder, secretEnvVar } from './secret-placeholders';
import { HBA_BEGIN, HBA_END } from '@/lib/postgres/pg-hba';

/** Text for an unquoted heredoc: the shell must expand only our secret variables. */
function heredocBody(text: string): string {
  const escaped = text.replace(/[\\$`]/g, (c) => `\\${c}`);
  return fillPlaceholders(escaped, (name) => `\${${secretEnvVar(name)}}`);
}

function shellWord(word: string): string {
  if (!hasPlaceholder(word)) return quoteShell(word);
  return `"${fillPlaceholders(word.replace(/["\\$`]/g, (c) => `\\${c}`), (name) => `\${${secretEnvVar(name)}}`)}"`;
}

function asUser(layout: LocalLayout, asPostgres: boolean): string {
  return asPostgres && layout.runAs ? `runuser -u ${layout.runAs} -- ` : '';
}

function chown(layout: LocalLayout, asPostgres: boolean, path: string): string {
  return asPostgres && layout.runAs ? `\nchown ${layout.runAs}: ${quoteShell(path)}` : '';
}

function renderShell(cmd: Command, t: Topology, layout: LocalLayout, node: string): string {
  switch (cmd.type) {
    case 'sql': {
      const port = t.nodes.find((n) => n.name === node)?.port ?? 5432;
      return `PGPASSWORD="$${secretEnvVar('superuser_password')}" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p ${port} -U ${SUPERUSER} -d ${quoteShell(cmd.database)} <<SQL\n${heredocBody(cmd.sql)};\nSQL`;
    }
    case 'shell': {
      const env = Object.entries(cmd.env ?? {}).map(([k, v]) => `${k}=${shellWord(v)} `).join('');
      const prefix = asUser(layout, cmd.asPostgres);
      return `${env}${prefix}${cmd.argv.map(shellWord).join(' ')}`;
    }
    case 'file':
      return `install -m ${cmd.mode.toString(8)} /dev/null ${quoteShell(cmd.path)}\ncat > ${quoteShell(cmd.path)} <<EOF\n${heredocBody(cmd.content)}EOF${chown(layout, cmd.asPostgres, cmd.path)}`;
    case 'managed-block': {
      const f = quoteShell(cmd.path);
      return [
        `block=$(cat <<'BLOCK'\n${cmd.block}\nBLOCK\n)`,
        `{ printf '%s\\n' "$block"; sed '/^${HBA_BEGIN.replace(/[/()]/g, '\\$&')}$/,/^${HBA_END}$/d' ${f}; } > ${f}.new && cat ${f}.new > ${f} && rm -f ${f}.new`,
      ].join('\n');
    }
  }
}

/** The plan as a commented bash script a DBA can read and run by hand: the same steps, without checks. */
export function renderRunbook(plan: Plan, t: Topology, layout: LocalLayout): string {
  const lines = [
    '#!/usr/bin/env bash',
    `# pgcascade runbook for "${t.name}": ${plan.steps.length} steps, PostgreSQL ${t.postgresVersion}, ${t.nodes.length} nodes.`,
    '# It runs every step unconditionally, in order; pgcascade itself checks each one first and skips what is already right.',
    '# Secrets are not in this file: export them before running.',
    'set -euo pipefail',
    ...SECRET_NAMES.map((n) => `: "\${${secretEnvVar(n)}:?export ${secretEnvVar(n)} first}"`),
    '',
  ];
  for (const step of plan.steps) {
    lines.push(`# ── ${step.node === '*' ? 'pre-flight' : step.node} · ${step.kind}: ${step.summary}`);
    if (step.kind === 'check-port') {
      const port = step.params.kind === 'check-port' ? step.params.port : 0;
      lines.push(`! (exec 3<>/dev/tcp/127.0.0.1/${port}) 2>/dev/null || { echo "port ${port} is already in use" >&2; exit 1; }`);
    }
    if (step.kind === 'clone-standby') {
      // pg_ctl stop fails when the standby is not running yet, which is normal on a fresh run.
      const [stop, ...rest] = step.commands;
      if (stop) lines.push(`${renderShell(stop, t, layout, step.node)} || true`);
      for (const cmd of rest) lines.push(renderShell(cmd, t, layout, step.node));
    } else {
      for (const cmd of step.commands) lines.push(renderShell(cmd, t, layout, step.node));
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
