import { code } from './entries/entry';
import type { Diagnosis } from './types';

/** A pg_hba.conf line whose method is weaker than scram-sha-256, as pg_hba_file_rules shows it. */
export interface HbaRuleRow {
  line_number: number;
  type: string;
  database: string[] | null;
  user_name: string[] | null;
  address: string | null;
  netmask: string | null;
  auth_method: string;
}

/** The methods that let a client in with less than SCRAM: no password, a clear-text one, or a replayable hash. */
export const WEAK_HBA_METHODS = ['trust', 'password', 'md5'] as const;

/** Reads every weak line of the node's pg_hba.conf (superuser only), with the file's path. */
export const WEAK_HBA_SQL = `SELECT line_number, type, database, user_name, address, netmask, auth_method, current_setting('hba_file') AS hba_file
   FROM pg_catalog.pg_hba_file_rules
  WHERE error IS NULL AND auth_method IN (${WEAK_HBA_METHODS.map((m) => `'${m}'`).join(', ')})
  ORDER BY line_number`;

const list = (names: string[] | null) => (names && names.length > 0 ? names.join(',') : 'all');

function who(r: HbaRuleRow): string {
  const where = r.type === 'local' ? 'any OS user on the host (Unix socket)' : `any client from ${r.address ?? 'any address'}${r.netmask ? ` ${r.netmask}` : ''}`;
  return `${where} connecting to ${list(r.database)} as ${list(r.user_name)}`;
}

const RISK: Record<string, string> = {
  trust: 'gets in with no password at all',
  password: 'sends the password in clear text, readable by anyone on the path',
  md5: 'logs in with an MD5 hash, which a copy of pg_authid or a captured exchange replays without knowing the password',
};

/**
 * Every access line of a managed node weaker than SCRAM — pgcascade's own block has none, so each was added by
 * hand or left by an installer — with the line and how to change it.
 */
export function weakHbaDiagnoses(node: string, hbaFile: string, rows: HbaRuleRow[]): Diagnosis[] {
  return rows.map((r) => {
    const line = [r.type, list(r.database), list(r.user_name), r.address, r.netmask, r.auth_method].filter(Boolean).join(' ');
    return {
      id: 'weak-pg-hba-line',
      node,
      title: `${node} accepts ${r.auth_method} logins (${hbaFile} line ${r.line_number})`,
      meaning: `Line ${r.line_number} of ${node}'s pg_hba.conf, ${code(line)}, is weaker than scram-sha-256: ${who(r)} ${RISK[r.auth_method] ?? 'is not checked with SCRAM'}. It is outside pgcascade's managed block, so pgcascade leaves it alone, and PostgreSQL uses the first line that matches.`,
      fix: [
        `On ${node}'s host, edit ${code(hbaFile)} line ${r.line_number}: change ${code(r.auth_method)} to ${code('scram-sha-256')}, or delete the line if nothing needs it.`,
        ...(r.auth_method === 'md5'
          ? [`Roles whose password is still stored as MD5 cannot use SCRAM: find them with ${code("SELECT rolname FROM pg_authid WHERE rolpassword LIKE 'md5%';")} and set each password again (with ${code("password_encryption = 'scram-sha-256'")}) before the change.`]
          : []),
        `Reload and check: ${code('SELECT pg_reload_conf();')} then ${code("SELECT line_number, auth_method FROM pg_hba_file_rules WHERE auth_method IN ('trust', 'password', 'md5');")} returns no rows.`,
      ],
    };
  });
}
