import { describe, expect, it } from 'vitest';
import { diagnoseAll, diagnoseError } from './catalogue';

describe('catalogue', () => {
  it('diagnoses the cause inside "could not connect to the publisher"', () => {
    const text =
      'ERROR:  could not connect to the publisher: connection to server at "127.0.0.1", port 57101 failed: FATAL:  password authentication failed for user "app"';
    const all = diagnoseAll(text);
    expect(all.map((d) => d.id)).toEqual(['password-authentication-failed']);
    expect(all[0]!.meaning).toMatch(
      /^The subscriber could not connect to its publisher: the server at 127.0.0.1:57101/,
    );
  });

  it('diagnoses the cause inside "could not connect to the primary server"', () => {
    const text = `FATAL:  could not connect to the primary server: connection to server at "127.0.0.1", port 57150 failed: Connection refused
\t\tIs the server running on that host and accepting TCP/IP connections?`;
    const d = diagnoseError(text)!;
    expect(d.id).toBe('connection-refused');
    expect(d.meaning).toMatch(/^The standby could not connect to its upstream server/);
  });

  it('falls back to the wrapper when the cause is unknown', () => {
    const text =
      'ERROR:  could not connect to the publisher: connection to server at "10.0.0.1", port 5432 failed: FATAL:  the database system is starting up';
    expect(diagnoseAll(text, { subscription: 'sub_x' }).map((d) => d.id)).toEqual(['publisher-unreachable']);
    expect(diagnoseError(text, { subscription: 'sub_x' })?.fix[0]).toContain("WHERE subname = 'sub_x';`");
  });

  it('lists several problems in the order their messages appear', () => {
    const text = `pg_basebackup: error: directory "/data/vm4" exists but is not empty
ERROR:  replication slots can only be used if wal_level >= replica`;
    expect(diagnoseAll(text).map((d) => d.id)).toEqual(['clone-directory-not-empty', 'wal-level-minimal']);
  });

  it('returns nothing for errors it does not know', () => {
    expect(diagnoseAll('ERROR:  division by zero')).toEqual([]);
    expect(diagnoseError('')).toBeNull();
  });
});
