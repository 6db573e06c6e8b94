import { describe, expect, it } from 'vitest';
import { diagnoseAll, diagnoseError } from '../catalogue';

// Messages as PostgreSQL 15.20 / libpq printed them on scratch clusters.
const REFUSED = `psql: error: connection to server at "127.0.0.1", port 57150 failed: Connection refused
\tIs the server running on that host and accepting TCP/IP connections?`;
const SOCKET = `psql: error: connection to server on socket "/tmp/diag/.s.PGSQL.57150" failed: No such file or directory
\tIs the server running locally and accepting connections on that socket?`;
const TIMEOUT = 'psql: error: connection to server at "127.0.0.1", port 57160 failed: timeout expired';
const UNKNOWN_HOST =
  'psql: error: could not translate host name "nonexistent.invalid" to address: Name or service not known';
const HBA =
  'psql: error: connection to server at "127.0.0.1", port 57101 failed: FATAL:  no pg_hba.conf entry for host "127.0.0.1", user "replicator", database "postgres", no encryption';
const HBA_REPLICATION =
  'pg_basebackup: error: connection to server at "127.0.0.1", port 57101 failed: FATAL:  no pg_hba.conf entry for replication connection from host "127.0.0.1", user "replicator", no encryption';
const PASSWORD =
  'psql: error: connection to server at "127.0.0.1", port 57101 failed: FATAL:  password authentication failed for user "app"';

describe('connection diagnoses', () => {
  it('explains a refused connection with the host and port from the message', () => {
    const d = diagnoseError(REFUSED)!;
    expect(d.id).toBe('connection-refused');
    expect(d.title).toBe('Connection refused by the server at 127.0.0.1:57150');
    expect(d.fix.join('\n')).toContain("`sudo ss -ltnp 'sport = :57150'`");
    expect(d.fix.join('\n')).toContain("`ALTER SYSTEM SET listen_addresses = '*';`");
    expect(d.fix.join('\n')).toContain('`pg_isready -h 127.0.0.1 -p 57150`');
  });

  it('reads node-postgres errors too, but not sshd refusing', () => {
    expect(diagnoseError('connect ECONNREFUSED 10.0.0.3:5432')?.title).toBe(
      'Connection refused by the server at 10.0.0.3:5432',
    );
    expect(diagnoseError('ssh vm3: connection refused (is sshd running?)')).toBeNull();
  });

  it("reads the host and port from older libpq's wording", () => {
    const text = `could not connect to server: Connection refused
\tIs the server running on host "vm1" (10.0.0.1) and accepting
\tTCP/IP connections on port 5432?`;
    expect(diagnoseError(text)?.title).toBe('Connection refused by the server at vm1:5432');
  });

  it('tells a missing local socket apart', () => {
    expect(diagnoseAll(SOCKET).map((d) => d.id)).toEqual(['server-not-running-locally']);
    expect(diagnoseError(SOCKET)?.meaning).toContain('socket /tmp/diag/.s.PGSQL.57150');
  });

  it('explains a timeout and an unknown host name', () => {
    expect(diagnoseError(TIMEOUT)?.fix[0]).toContain('`nc -vz -w 5 127.0.0.1 57160`');
    const d = diagnoseError(UNKNOWN_HOST)!;
    expect(d.id).toBe('unknown-host');
    expect(d.fix[0]).toContain('`getent hosts nonexistent.invalid`');
  });

  it('writes the exact pg_hba line for a database connection', () => {
    const d = diagnoseError(HBA)!;
    expect(d.id).toBe('no-pg-hba-entry');
    expect(d.title).toBe('pg_hba.conf refuses replicator from 127.0.0.1');
    expect(d.fix).toContain(
      'Add this line above any broader line that would match first: `host postgres replicator 127.0.0.1/32 scram-sha-256`',
    );
    expect(d.fix.join('\n')).toContain('`SELECT pg_reload_conf();`');
  });

  it('writes the replication line and asks for the REPLICATION attribute', () => {
    const d = diagnoseError(HBA_REPLICATION)!;
    expect(d.fix.join('\n')).toContain('`host replication replicator 127.0.0.1/32 scram-sha-256`');
    expect(d.fix.join('\n')).toContain('`ALTER ROLE replicator REPLICATION;`');
  });

  it('quotes names pg_hba.conf and SQL would misread', () => {
    const d = diagnoseError(
      'FATAL:  no pg_hba.conf entry for host "[local]", user "App User", database "all", no encryption',
    )!;
    expect(d.fix.join('\n')).toContain('`local "all" "App User" scram-sha-256`');
  });

  it('explains a wrong password for the role named in the message', () => {
    const d = diagnoseError(PASSWORD)!;
    expect(d.id).toBe('password-authentication-failed');
    expect(d.fix.join('\n')).toContain("WHERE rolname = 'app';`");
    expect(d.fix.join('\n')).toContain("`ALTER ROLE app PASSWORD '<password>';`");
  });
});
