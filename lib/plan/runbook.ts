import type { Topology } from '@/lib/topology/schema';
import { quoteShell } from '@/lib/postgres/quote';
import { ADMIN_ROLE, SECRET_NAMES, SUPERUSER } from '@/lib/postgres/roles';
import { HBA_BEGIN, HBA_END } from '@/lib/postgres/pg-hba';
import type { Layout } from './layout';
import type { Command, Plan, Step } from './types';
import { fillPlaceholders, hasPlaceholder, secretEnvVar } from './secret-placeholders';
import { nodeAddress } from './derive/node-facts';

/** Text for an unquoted heredoc: the shell must expand only our secret variables. */
function heredocBody(text: string): string {
  const escaped = text.replace(/[\\$`]/g, (c) => `\\${c}`);
  return fillPlaceholders(escaped, (name) => `\${${secretEnvVar(name)}}`);
}

/**
 * How commands are rendered. Local: run here, secrets expanded by this shell. Remote: the step's text travels in
 * one heredoc to `ssh … bash -s` (secrets expanded here, on the way), so inner heredocs are quoted.
 */
interface Mode {
  remote: boolean;
  runAs: string | null;
  port: number;
}

function word(w: string, mode: Mode): string {
  if (!hasPlaceholder(w)) return quoteShell(w);
  if (mode.remote) return `"${w}"`;
  return `"${fillPlaceholders(w.replace(/["\\$`]/g, (c) => `\\${c}`), (name) => `\${${secretEnvVar(name)}}`)}"`;
}

function heredoc(tag: string, text: string, mode: Mode): string {
  return mode.remote ? `<<'${tag}'\n${text}\n${tag}` : `<<${tag}\n${heredocBody(text)}\n${tag}`;
}

function renderCommandText(cmd: Command, mode: Mode): string {
  const asUser = (asPostgres: boolean) => (asPostgres && mode.runAs ? `runuser -u ${mode.runAs} -- ` : '');
  switch (cmd.type) {
    case 'sql':
      return mode.remote
        ? `runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d ${quoteShell(cmd.database)} ${heredoc('SQL', `${cmd.sql};`, mode)}`
        : `PGPASSWORD="$${secretEnvVar('superuser_password')}" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p ${mode.port} -U ${SUPERUSER} -d ${quoteShell(cmd.database)} ${heredoc('SQL', `${cmd.sql};`, mode)}`;
    case 'shell': {
      const env = Object.entries(cmd.env ?? {}).map(([k, v]) => `${k}=${word(v, mode)} `).join('');
      const stdin = cmd.stdin === undefined ? '' : ` ${heredoc('STDIN', cmd.stdin.replace(/\n$/, ''), mode)}`;
      return `${env}${asUser(cmd.asPostgres)}${cmd.argv.map((w) => word(w, mode)).join(' ')}${stdin}`;
    }
    case 'file': {
      // Written as the clusters' OS user: root's `cat >` would follow a link that user planted in its folder.
      const as = asUser(cmd.asPostgres);
      return `${as}install -m ${cmd.mode.toString(8)} /dev/null ${quoteShell(cmd.path)}\n${as}sh -c 'cat > "$0"' ${quoteShell(cmd.path)} ${heredoc('EOF', cmd.content.replace(/\n$/, ''), mode)}`;
    }
    case 'managed-block': {
      const f = quoteShell(cmd.path);
      return [
        `block=$(cat <<'BLOCK'\n${cmd.block}\nBLOCK\n)`,
        `{ printf '%s\\n' "$block"; sed '/^${HBA_BEGIN.replace(/[/()]/g, '\\$&')}$/,/^${HBA_END}$/d' ${f}; } > ${f}.new && cat ${f}.new > ${f} && rm -f ${f}.new`,
      ].join('\n');
    }
  }
}

function stepBody(step: Step, mode: Mode): string[] {
  const lines: string[] = [];
  if (step.params.kind === 'check-port') {
    lines.push(`! (exec 3<>/dev/tcp/127.0.0.1/${step.params.port}) 2>/dev/null || { echo "port ${step.params.port} is already in use" >&2; exit 1; }`);
  }
  if (step.params.kind === 'start-subscriber') {
    const p = step.params;
    lines.push(`# By hand, first on ${p.publisher}: SELECT pg_create_logical_replication_slot('${p.slot}', 'pgoutput'); after the start below, once promoted: drop the`);
    lines.push(`# clone's subscriptions, publications and slots, then ${p.subscriptionSql.replace(/CONNECTION '[^']*'/, "CONNECTION '…'")}`);
    lines.push(`# and SELECT pg_replication_origin_advance('pg_' || oid, <the LSN on the last line of pg_wal/<timeline>.history>) FROM pg_subscription WHERE subname = '${p.subscription}'.`);
  }
  step.commands.forEach((cmd, i) => {
    // Stopping a standby that does not run yet is normal on a fresh run.
    const tolerate = step.kind === 'clone-standby' && i === 0 ? ' || true' : '';
    lines.push(`${renderCommandText(cmd, mode)}${tolerate}`);
  });
  return lines;
}

/** The plan as a commented bash script a DBA can read and run by hand: the same steps, without checks. */
export function renderRunbook(plan: Plan, t: Topology, layout: Layout): string {
  const remote = layout.kind === 'debian';
  // With TLS: each node's certificate and key and the CA's certificate, PEM text exported like the passwords.
  const tlsSecretNames = (p: Plan) => [...new Set(p.steps.flatMap((s) => (s.params.kind === 'write-tls' ? ['tls_ca_cert', s.params.certSecret, s.params.keySecret] : [])))];
  const lines = [
    '#!/usr/bin/env bash',
    `# pgcascade runbook for "${t.name}": ${plan.steps.length} steps, PostgreSQL ${t.postgresVersion}, ${t.nodes.length} nodes.`,
    '# It runs every step unconditionally, in order; pgcascade itself checks each one first and skips what is already right.',
    remote ? '# Each step runs on its host over `ssh root@<address>` (set SSH options in ~/.ssh/config).' : '# Run it on this machine, as root or as the user the clusters belong to.',
    remote ? `# SQL runs as the postgres OS user on each host; the panel itself connects as ${ADMIN_ROLE} through an SSH tunnel.` : '',
    '# Secrets are not in this file: export them before running.',
    'set -euo pipefail',
    ...[...SECRET_NAMES, ...tlsSecretNames(plan)].map((n) => `: "\${${secretEnvVar(n)}:?export ${secretEnvVar(n)} first}"`),
    '',
  ].filter((l) => l !== '');
  for (const step of plan.steps) {
    lines.push(`# ── ${step.node === '*' ? 'pre-flight' : step.node} · ${step.kind}: ${step.summary}`);
    const port = t.nodes.find((n) => n.name === step.node)?.port ?? 5432;
    if (!remote) {
      lines.push(...stepBody(step, { remote: false, runAs: layout.runAs, port }), '');
      continue;
    }
    if (step.params.kind === 'check-clock') {
      // Compared here, on the machine running the runbook, to the second.
      const limit = Math.round(step.params.blockMs / 1000);
      lines.push(
        `skew=$(( $(ssh root@${nodeAddress(t, step.node)} date +%s) - $(date +%s) )); [ "\${skew#-}" -le ${limit} ] || { echo "${step.node}'s clock is \${skew} s off: enable time sync there (timedatectl set-ntp true)" >&2; exit 1; }`,
        '',
      );
      continue;
    }
    const body = stepBody(step, { remote: true, runAs: 'postgres', port });
    if (body.length === 0) {
      lines.push('');
      continue;
    }
    lines.push(`ssh root@${nodeAddress(t, step.node)} bash -s <<STEP\nset -e\n${heredocBody(body.join('\n'))}\nSTEP`, '');
  }
  return `${lines.join('\n')}\n`;
}
