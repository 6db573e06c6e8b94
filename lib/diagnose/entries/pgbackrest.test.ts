import { describe, expect, it } from 'vitest';
import { diagnoseError } from '../catalogue';

// Every text below was captured from a real run of pgBackRest 2.45 against PostgreSQL 15 (scratch clusters), or
// from the job log and server log of tests/integration/backups.test.ts.
const CAPTURED = {
  stanzaMissing: `ERROR: [055]: unable to load info file '/tmp/pgbcap/repo/backup/s/backup.info' or '/tmp/pgbcap/repo/backup/s/backup.info.copy':
       HINT: backup.info cannot be opened and is required to perform a backup.
       HINT: has a stanza-create been performed?`,
  // The error text of the backups API's archive.lastError before stanza-create (integration run).
  archivePushBeforeStanza: "FileMissingError: unable to open missing file '/tmp/pgcascade-it-Fhk6Cq/repo/archive/backup-demo-vm1/archive.info.copy' for read",
  // A PostgreSQL server log with archive_command pointing at the wrong stanza.
  serverLog: `2026-12-02 01:32:52.531 P00   INFO: archive-push command begin 2.45: [pg_wal/000000010000000000000003] --archive-timeout=5 --config=/tmp/pgbcap/a.conf --exec-id=9620-96656dbb --lock-path=/tmp/pgbcap/lock --log-level-console=info --log-path=/tmp/pgbcap/log --repo1-path=/tmp/pgbcap/repo --stanza=wrong
ERROR: [037]: option 'pg1-path' must be specified when relative wal paths are used
       HINT: is %f passed to archive-push instead of %p?
       HINT: PostgreSQL may pass relative paths even with %p depending on the environment.
2026-12-02 01:32:52.531 P00   INFO: archive-push command end: aborted with exception [037]
2026-12-02 01:32:52.532 UTC [9498] LOG:  archive command failed with exit code 37
2026-12-02 01:32:52.532 UTC [9498] DETAIL:  The failed archive command was: pgbackrest --config=/tmp/pgbcap/a.conf --stanza=wrong archive-push pg_wal/000000010000000000000003`,
  // The backup that then waited for that WAL.
  archiveTimeout: `ERROR: [082]: WAL segment 000000010000000000000003 was not archived before the 5000ms timeout
       HINT: check the archive_command to ensure that all options are correct (especially --stanza).
       HINT: check the PostgreSQL server log for errors.`,
  notPgbackrest: "ERROR: [068]: archive_command 'false' must contain pgbackrest",
  unwritable: "ERROR: [047]: unable to create path '/tmp/pgbcap/repo/backup/s/20261202-013038F': [13] Permission denied",
  walMissing: '2026-12-02 01:30:40.163 P00   INFO: unable to find 000000010000000000000099 in the archive',
  otherDatabase: `ERROR: [051]: PostgreSQL version 15, system-id 7714513017218398677 do not match stanza version 15, system-id 7714513009964767688
       HINT: is this the correct stanza?`,
  serverDown: `ERROR: [056]: unable to find primary cluster - cannot proceed
       HINT: are all available clusters in recovery?`,
};

describe('pgBackRest diagnoses', () => {
  it('a missing stanza names it and says to re-apply or run stanza-create', () => {
    const d = diagnoseError(CAPTURED.stanzaMissing)!;
    expect(d.id).toBe('pgbackrest-stanza-missing');
    expect(d.title).toBe('pgBackRest stanza s does not exist in the repository');
    expect(d.fix[0]).toContain('--stanza=s stanza-create');
  });

  it('archive-push before the stanza exists', () => {
    expect(diagnoseError(CAPTURED.archivePushBeforeStanza)?.title).toBe('pgBackRest stanza backup-demo-vm1 does not exist in the repository');
  });

  it('a failing archive_command, from the server log, with the command it ran', () => {
    const d = diagnoseError(CAPTURED.serverLog)!;
    expect(d.title).toBe('archive_command fails (exit code 37)');
    expect(d.meaning).toContain('--stanza=wrong archive-push pg_wal/000000010000000000000003');
  });

  it('a backup whose WAL never reached the repository', () => {
    const d = diagnoseError(CAPTURED.archiveTimeout)!;
    expect(d).toMatchObject({ id: 'pgbackrest-archive-timeout', title: 'WAL segment 000000010000000000000003 did not reach the repository' });
    expect(d.meaning).toContain('waited 5 s');
  });

  it('an archive_command that is not pgBackRest', () => {
    expect(diagnoseError(CAPTURED.notPgbackrest)).toMatchObject({ id: 'pgbackrest-archive-command-not-pgbackrest', meaning: expect.stringContaining('`false`') });
  });

  it('an unwritable repository', () => {
    const d = diagnoseError(CAPTURED.unwritable)!;
    expect(d.id).toBe('pgbackrest-repository-unwritable');
    expect(d.meaning).toContain('/tmp/pgbcap/repo/backup/s/20261202-013038F');
  });

  it('a WAL segment missing from the archive', () => {
    expect(diagnoseError(CAPTURED.walMissing)?.title).toBe('WAL segment 000000010000000000000099 is not in the repository');
  });

  it('a stanza made for another database', () => {
    const d = diagnoseError(CAPTURED.otherDatabase)!;
    expect(d.id).toBe('pgbackrest-database-mismatch');
    expect(d.title).toBe('The repository belongs to another database (or another PostgreSQL version)');
    expect(diagnoseError(CAPTURED.otherDatabase.replace('PostgreSQL version 15', 'PostgreSQL version 16'))?.title).toBe('The stanza was made for PostgreSQL 15, the node runs 16');
  });

  it('the database is down', () => {
    expect(diagnoseError(CAPTURED.serverDown)?.id).toBe('pgbackrest-database-unreachable');
  });
});
