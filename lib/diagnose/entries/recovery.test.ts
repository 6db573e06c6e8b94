import { describe, expect, it } from 'vitest';
import { diagnoseAll, diagnoseError } from '../catalogue';

describe('recovery and clone diagnoses', () => {
  it('explains a WAL segment the upstream already removed', () => {
    const text =
      'FATAL:  could not receive data from WAL stream: ERROR:  requested WAL segment 00000001000000000000000A has already been removed';
    const d = diagnoseError(text)!;
    expect(d).toMatchObject({
      id: 'wal-segment-removed',
      title: 'WAL segment 00000001000000000000000A is gone from the upstream',
    });
  });

  it('explains restore_command when the command cannot run', () => {
    const text = `sh: 1: pgc_missing_tool: Permission denied
FATAL:  could not restore file "00000002.history" from archive: command not found`;
    const d = diagnoseError(text)!;
    expect(d.id).toBe('restore-command-failed');
    expect(d.meaning).toContain('command not found');
  });

  it('explains a segment missing from the archive, but not a missing .history file', () => {
    const text = `cp: cannot stat '/tmp/diag/archive/00000002.history': No such file or directory
cp: cannot stat '/tmp/diag/archive/000000010000000000000005': No such file or directory`;
    const all = diagnoseAll(text);
    expect(all).toHaveLength(1);
    expect(all[0]!.title).toBe('restore_command cannot fetch 000000010000000000000005');
    expect(all[0]!.fix[1]).toContain('`sudo -u postgres ls -l /tmp/diag/archive/000000010000000000000005`');
    expect(
      diagnoseAll("cp: cannot stat '/tmp/diag/archive/00000002.history': No such file or directory"),
    ).toEqual([]);
  });

  it('moves a non-empty clone directory aside, quoted for the shell', () => {
    const d = diagnoseError(
      'pg_basebackup: error: directory "/var/lib/postgresql/15/vm 4" exists but is not empty',
    )!;
    expect(d.id).toBe('clone-directory-not-empty');
    expect(d.fix[1]).toContain("`sudo mv '/var/lib/postgresql/15/vm 4' '/var/lib/postgresql/15/vm 4.old'");
  });
});
