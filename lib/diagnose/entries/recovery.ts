import { quoteShell } from '@/lib/postgres/quote';
import { code, type Entry } from './entry';

export const recoveryEntries: Entry[] = [
  {
    id: 'wal-segment-removed',
    patterns: [/requested WAL segment ([0-9A-F]{24}) has already been removed/],
    build: (m) => ({
      title: `WAL segment ${m[1]} is gone from the upstream`,
      meaning: `The standby needs WAL segment ${m[1]} to continue, but its upstream has already recycled it: the standby was away too long and no slot (or wal_keep_size) held the WAL back. Streaming cannot resume.`,
      fix: [
        `If a WAL archive has the segment, let the standby fetch it: ${code("ALTER SYSTEM SET restore_command = 'cp /path/to/archive/%f %p';")} then ${code('SELECT pg_reload_conf();')} on the standby.`,
        'Otherwise clone the standby again from its upstream (stop it, move its data directory aside, pg_basebackup -X stream -R -C -S <slot>).',
        `Stream through a physical slot so the upstream keeps what the standby still needs: ${code("primary_slot_name = '<slot>'")} in the standby's configuration.`,
      ],
    }),
  },
  {
    id: 'restore-command-failed',
    patterns: [
      /could not restore file "([^"]+)" from archive(?:: ([^\n]+))?/,
      // cp's own message for a missing segment; a missing .history file is normal and not matched.
      /cannot stat '(([^']*\/)?[0-9A-F]{24}(?:\.partial)?)': No such file or directory/,
    ],
    build: (m) => {
      const isCp = m[0].startsWith('cannot stat');
      const file = m[1]!;
      const why = isCp ? 'the file is not in the archive' : (m[2] ?? 'the command failed');
      return {
        title: `restore_command cannot fetch ${file.split('/').pop()}`,
        meaning: `Recovery asked restore_command for ${file} and it failed: ${why}. A standby waits (or, if the command itself cannot run, stops) until the archive has what it needs.`,
        fix: [
          `On the standby, see the command: ${code('SHOW restore_command;')}`,
          isCp
            ? `Check the archive holds the segment: ${code(`sudo -u postgres ls -l ${quoteShell(file)}`)}`
            : `Run it by hand as postgres with %f = ${file} and %p = /tmp/${file} to see its error (for example ${code(`sudo -u postgres cp /path/to/archive/${file} /tmp/${file}`)}).`,
          `On the primary, check archiving works: ${code('SELECT archived_count, failed_count, last_failed_wal FROM pg_stat_archiver;')}`,
          'If the segment was never archived, clone the standby again or let it stream from its upstream (primary_conninfo).',
        ],
      };
    },
  },
  {
    id: 'clone-directory-not-empty',
    patterns: [/directory "([^"]+)" exists but is not empty/],
    build: (m) => {
      const dir = m[1]!;
      const old = quoteShell(`${dir}.old`);
      return {
        title: `The clone's data directory ${dir} is not empty`,
        meaning: `pg_basebackup writes only into an empty directory, and ${dir} has files: an earlier cluster or a failed clone.`,
        fix: [
          `Make sure no server uses it: ${code(`sudo -u postgres pg_ctl status -D ${quoteShell(dir)}`)} (stop it first if it runs)`,
          `Move it aside, keeping its files until the clone works: ${code(`sudo mv ${quoteShell(dir)} ${old} && sudo install -d -o postgres -g postgres -m 700 ${quoteShell(dir)}`)}`,
          `Retry the step; once the standby streams, remove ${dir}.old.`,
        ],
      };
    },
  },
];
