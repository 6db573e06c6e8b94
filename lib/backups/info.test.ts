import { describe, expect, it } from 'vitest';
import { archiveErrorFromLog, isArchiveFailing, parsePgbackrestInfo } from './info';

// Captured from `pgbackrest info --output=json` (2.45) after a full backup of a local PostgreSQL 15 cluster.
const INFO = '[{"archive":[{"database":{"id":1,"repo-key":1},"id":"15-1","max":"000000010000000000000003","min":"000000010000000000000001"}],"backup":[{"archive":{"start":"000000010000000000000002","stop":"000000010000000000000003"},"backrest":{"format":5,"version":"2.45"},"database":{"id":1,"repo-key":1},"error":false,"info":{"delta":23213822,"repository":{"delta":3062561,"size":3062561},"size":23213822},"label":"20261202-005817F","lsn":{"start":"0/2000028","stop":"0/3000050"},"prior":null,"reference":null,"timestamp":{"start":1796173097,"stop":1796173102},"type":"full"}],"cipher":"none","db":[{"id":1,"repo-key":1,"system-id":7714504692910429880,"version":"15"}],"name":"demo","repo":[{"cipher":"none","key":1,"status":{"code":0,"message":"ok"}}],"status":{"code":0,"lock":{"backup":{"held":false}},"message":"ok"}}]';

describe('parsePgbackrestInfo', () => {
  it('lists each backup with its times, sizes, WAL range and LSNs, and the archive range', () => {
    expect(parsePgbackrestInfo(INFO, 'demo')).toEqual({
      statusCode: 0,
      statusMessage: 'ok',
      backups: [
        {
          label: '20261202-005817F',
          type: 'full',
          startedAt: '2026-12-02T00:58:17.000Z',
          finishedAt: '2026-12-02T00:58:22.000Z',
          sizeBytes: 23213822,
          repoSizeBytes: 3062561,
          walStart: '000000010000000000000002',
          walStop: '000000010000000000000003',
          lsnStart: '0/2000028',
          lsnStop: '0/3000050',
        },
      ],
      oldestWal: '000000010000000000000001',
      newestWal: '000000010000000000000003',
    });
  });
  it('reports a stanza that is not there', () => {
    expect(parsePgbackrestInfo(INFO, 'other')).toMatchObject({ statusCode: 1, backups: [] });
  });
  it('refuses output that is not pgBackRest info', () => {
    expect(() => parsePgbackrestInfo('{"x":1}', 'demo')).toThrow();
  });
});

describe('archive health', () => {
  it('fails when the last failure is newer than the last success', () => {
    const row = { archived_count: 3, failed_count: 1, last_failed_wal: 'x', last_archived_time: '2026-01-01T00:00:00Z', last_failed_time: '2026-01-01T00:00:05Z' };
    expect(isArchiveFailing(row)).toBe(true);
    expect(isArchiveFailing({ ...row, last_archived_time: '2026-01-01T00:00:09Z' })).toBe(false);
    expect(isArchiveFailing({ ...row, failed_count: 0, last_failed_time: null })).toBe(false);
  });
  it("takes the tool's error and PostgreSQL's line from the server log", () => {
    // Captured: a PostgreSQL 15 server log with archive_command at the wrong stanza (pgBackRest 2.45).
    const log = `2026-12-02 01:32:52.531 P00   INFO: archive-push command begin 2.45: [pg_wal/000000010000000000000003] --config=/tmp/pgbcap/a.conf --stanza=wrong
ERROR: [037]: option 'pg1-path' must be specified when relative wal paths are used
       HINT: is %f passed to archive-push instead of %p?
       HINT: PostgreSQL may pass relative paths even with %p depending on the environment.
2026-12-02 01:32:52.531 P00   INFO: archive-push command end: aborted with exception [037]
2026-12-02 01:32:52.532 UTC [9498] LOG:  archive command failed with exit code 37
2026-12-02 01:32:52.532 UTC [9498] DETAIL:  The failed archive command was: pgbackrest --config=/tmp/pgbcap/a.conf --stanza=wrong archive-push pg_wal/000000010000000000000003`;
    expect(archiveErrorFromLog(log)).toBe("ERROR: [037]: option 'pg1-path' must be specified when relative wal paths are used — archive command failed with exit code 37 The failed archive command was: pgbackrest --config=/tmp/pgbcap/a.conf --stanza=wrong archive-push pg_wal/000000010000000000000003");
    expect(archiveErrorFromLog('nothing here')).toBeNull();
  });
});
