import { describe, expect, it } from 'vitest';
import { diagnoseAll, diagnoseError } from '../catalogue';

// Every text below was captured from a real run of pgBackRest 2.45 against PostgreSQL 15 (scratch clusters), or
// from the job log and server log of tests/integration/backups.test.ts.
const CAPTURED = {
  stanzaMissing: `ERROR: [055]: unable to load info file '/tmp/pgbcap/repo/backup/s/backup.info' or '/tmp/pgbcap/repo/backup/s/backup.info.copy':
       HINT: backup.info cannot be opened and is required to perform a backup.
       HINT: has a stanza-create been performed?`,
  archivePushBeforeStanza: `FileMissingError: unable to open missing file '/tmp/pgcascade-it-Fhk6Cq/repo/archive/backup-demo-vm1/archive.info.copy' for read
2026-12-02 01:19:02.101 UTC [4107] LOG:  archive command failed with exit code 103
2026-12-02 01:19:02.101 UTC [4107] DETAIL:  The failed archive command was: pgbackrest --config=/tmp/pgcascade-it-Fhk6Cq/clusters/3ec8e97b/vm1/pgbackrest/pgbackrest.conf --stanza=backup-demo-vm1 archive-push pg_wal/000000010000000000000001`,
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

  it('archive-push before the stanza exists: the stanza, then the failing archive_command', () => {
    const all = diagnoseAll(CAPTURED.archivePushBeforeStanza);
    expect(all.map((d) => d.id)).toEqual(['pgbackrest-stanza-missing', 'archive-command-failed']);
    expect(all[0]!.title).toContain('backup-demo-vm1');
    expect(all[1]!.title).toBe('archive_command fails (exit code 103)');
    expect(all[1]!.meaning).toContain('archive-push pg_wal/000000010000000000000001');
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
