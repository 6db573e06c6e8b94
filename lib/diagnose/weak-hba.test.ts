import { describe, expect, it } from 'vitest';
import { weakHbaDiagnoses, WEAK_HBA_SQL, type HbaRuleRow } from './weak-hba';

const row = (r: Partial<HbaRuleRow>): HbaRuleRow => ({ line_number: 3, type: 'host', database: ['all'], user_name: ['all'], address: '0.0.0.0', netmask: '0.0.0.0', auth_method: 'trust', ...r });
const hba = '/etc/postgresql/15/main/pg_hba.conf';

describe('access lines weaker than SCRAM', () => {
  it('reads trust, password and md5 lines from pg_hba_file_rules, with the file', () => {
    expect(WEAK_HBA_SQL).toMatch(/FROM pg_catalog\.pg_hba_file_rules/);
    expect(WEAK_HBA_SQL).toContain("auth_method IN ('trust', 'password', 'md5')");
    expect(WEAK_HBA_SQL).toContain("current_setting('hba_file')");
  });

  it('names the node, the file, the line and what it lets in, with the fix', () => {
    const [d] = weakHbaDiagnoses('vm2', hba, [row({})]);
    expect(d).toMatchObject({ id: 'weak-pg-hba-line', node: 'vm2', title: `vm2 accepts trust logins (${hba} line 3)` });
    expect(d!.meaning).toContain('`host all all 0.0.0.0 0.0.0.0 trust`');
    expect(d!.meaning).toContain('any client from 0.0.0.0 0.0.0.0 connecting to all as all gets in with no password at all');
    expect(d!.fix[0]).toBe(`On vm2's host, edit \`${hba}\` line 3: change \`trust\` to \`scram-sha-256\`, or delete the line if nothing needs it.`);
    expect(d!.fix.at(-1)).toContain('SELECT pg_reload_conf();');
  });

  it('explains md5 (re-set MD5-stored passwords first) and clear-text password lines, and local lines', () => {
    const [md5, password, local] = weakHbaDiagnoses('n1', hba, [
      row({ auth_method: 'md5', user_name: ['app'], address: '10.0.0.0/8', netmask: null }),
      row({ line_number: 9, auth_method: 'password' }),
      row({ line_number: 1, type: 'local', address: null, netmask: null }),
    ]);
    expect(md5!.meaning).toMatch(/10\.0\.0\.0\/8 connecting to all as app logs in with an MD5 hash/);
    expect(md5!.fix.join('\n')).toContain("rolpassword LIKE 'md5%'");
    expect(password!.meaning).toMatch(/clear text/);
    expect(password!.fix.join('\n')).not.toContain('md5%');
    expect(local!.meaning).toMatch(/any OS user on the host/);
  });

  it('is silent on a file with only SCRAM, peer and reject lines', () => {
    expect(weakHbaDiagnoses('n1', hba, [])).toEqual([]);
  });
});
