import { code, type Entry } from './entry';

/** The stanza named in a repository path such as `/var/lib/pgbackrest/archive/<stanza>/archive.info`. */
const stanzaIn = (path: string) => /\/(?:archive|backup)\/([^/]+)\/[^/]+$/.exec(path)?.[1];

const CHECK = (stanza = '<stanza>') => `Check with ${code(`sudo -u postgres pgbackrest --config=<its pgbackrest.conf> --stanza=${stanza} check`)}: it switches WAL and waits until the segment is in the repository.`;

/** pgBackRest's common errors, each matched on its message as pgBackRest 2.45 prints it (see pgbackrest.test.ts). */
export const pgbackrestEntries: Entry[] = [
  {
    id: 'pgbackrest-stanza-missing',
    patterns: [/unable to (?:load info file|open missing file) '([^']+\/(?:archive|backup)\/[^/']+\/(?:archive|backup)\.info(?:\.copy)?)'/],
    build: (m) => {
      const stanza = stanzaIn(m[1]!.replace(/\.copy$/, ''));
      return {
        title: `pgBackRest stanza ${stanza ?? ''} does not exist in the repository`.replace('  ', ' '),
        meaning: `pgBackRest found no ${m[1]!.includes('/archive/') ? 'archive' : 'backup'} info for the stanza in its repository: the stanza was never created there, or the repository path in its configuration points elsewhere. Backups and WAL archiving (archive-push) both fail until it exists.`,
        fix: [
          `Re-apply the topology: its ${code('create-stanza')} step runs ${code('stanza-create')}. By hand: ${code(`sudo -u postgres pgbackrest --config=<its pgbackrest.conf> --stanza=${stanza ?? '<stanza>'} stanza-create`)}`,
          `If the stanza should exist, check ${code('repo1-path')} in the configuration against the repository's real folder.`,
          CHECK(stanza),
        ],
      };
    },
  },
  {
    id: 'pgbackrest-archive-timeout',
    patterns: [/WAL segment ([0-9A-F]{24}) was not archived before the (\d+)ms timeout/],
    build: (m) => ({
      title: `WAL segment ${m[1]} did not reach the repository`,
      meaning: `pgBackRest waited ${Number(m[2]) / 1000} s for the node's archive_command to push ${m[1]} and it never arrived: archive_command is failing or pointing elsewhere. A backup is not consistent without that WAL, so it stopped.`,
      fix: [
        `On the backed-up node: ${code('SHOW archive_command;')} must be ${code('pgbackrest --config=… --stanza=… archive-push %p')}; ${code('SELECT last_failed_wal, last_failed_time FROM pg_stat_archiver;')} shows whether it fails.`,
        "The node's server log has the command's own error just before \"archive command failed\".",
        `Re-apply the topology if the setting was changed by hand (${code('ALTER SYSTEM RESET archive_command;')} then ${code('SELECT pg_reload_conf();')}).`,
        CHECK(),
      ],
    }),
  },
  {
    id: 'archive-command-failed',
    patterns: [/archive command failed with exit code (\d+)/],
    build: (m, text) => {
      const command = /The failed archive command was: ([^\n]+)/.exec(text)?.[1];
      return {
        title: `archive_command fails (exit code ${m[1]})`,
        meaning: `PostgreSQL could not archive a WAL segment${command ? ` with ${code(command)}` : ''}. It keeps the segment and retries, so WAL piles up in pg_wal until archiving works again, and point-in-time recovery cannot go past the last archived segment.`,
        fix: [
          'Read the line before "archive command failed" in the server log: it is the command\'s own error (a missing stanza, an unwritable repository, a missing folder).',
          `Run the command by hand as the postgres user on one WAL file from ${code('pg_wal')} to see it fail.`,
          `Once fixed: ${code('SELECT last_archived_wal, last_failed_wal FROM pg_stat_archiver;')} shows the archive catching up.`,
        ],
      };
    },
  },
  {
    id: 'pgbackrest-archive-command-not-pgbackrest',
    patterns: [/archive_command '([^']*)' must contain pgbackrest/],
    build: (m) => ({
      title: "The node's archive_command does not push to pgBackRest",
      meaning: `pgBackRest refuses to back up a node whose WAL does not reach its repository: its archive_command is ${code(m[1]!)}. Something changed it after pgcascade set it (ALTER SYSTEM, another file).`,
      fix: [
        `On the node: ${code('ALTER SYSTEM RESET archive_command;')} then ${code('SELECT pg_reload_conf();')}, or re-apply the topology (drift lists the override).`,
        CHECK(),
      ],
    }),
  },
  {
    id: 'pgbackrest-repository-unwritable',
    patterns: [/unable to (?:create path|open file|open missing file|write) '([^']+)'[^\n]*?: \[13\] Permission denied/],
    build: (m) => ({
      title: 'The pgBackRest repository cannot be written',
      meaning: `pgBackRest, running as the postgres user, was refused ${code(m[1]!)}: the repository (or a folder in it) is not writable by postgres, or its disk was remounted read-only. Backups and WAL archiving both fail.`,
      fix: [
        `Give the repository back to postgres: ${code(`sudo chown -R postgres:postgres <repository path> && sudo chmod -R u+rwX <repository path>`)}`,
        `Check the file system is mounted read-write and has room: ${code('df -h <repository path>')}`,
        CHECK(),
      ],
    }),
  },
  {
    id: 'pgbackrest-database-mismatch',
    patterns: [/PostgreSQL version (\d+), system-id (\d+) do not match stanza version (\d+), system-id (\d+)/, /backup and archive info files exist but do not match the database/],
    build: (m) => ({
      title: m[1] && m[3] && m[1] !== m[3] ? `The stanza was made for PostgreSQL ${m[3]}, the node runs ${m[1]}` : 'The repository belongs to another database (or another PostgreSQL version)',
      meaning: "The stanza in the repository was made for a cluster with another system identifier or major version: the node was re-created (initdb, a re-clone) or upgraded since the stanza was created. pgBackRest refuses to mix their backups.",
      fix: [
        `After a major version upgrade: ${code('sudo -u postgres pgbackrest --config=<its pgbackrest.conf> --stanza=<stanza> stanza-upgrade')}`,
        'For a re-created cluster: use a new repository path (or remove the old stanza with stanza-delete once its backups are no longer needed), then re-apply the topology to create the stanza again.',
      ],
    }),
  },
  {
    id: 'pgbackrest-wal-missing',
    patterns: [/unable to find ([0-9A-F]{24}) in the archive/, /WAL segment ([0-9A-F]{24}) .*not found/],
    build: (m) => ({
      title: `WAL segment ${m[1]} is not in the repository`,
      meaning: `A restore (or a standby's archive-get) needs ${m[1]} and the archive does not have it: archiving was failing when it was written, retention expired it, or the restore asks for a point beyond the newest archived WAL.`,
      fix: [
        `See the archive's range: ${code('sudo -u postgres pgbackrest --config=<its pgbackrest.conf> --stanza=<stanza> info')} (wal archive min/max).`,
        'Restore to a point inside that range, or from a newer backup.',
        `If archiving fails now, fix it first (${code('SELECT * FROM pg_stat_archiver;')}) and take a full backup.`,
      ],
    }),
  },
  {
    id: 'pgbackrest-database-unreachable',
    patterns: [/unable to find primary cluster - cannot proceed/, /unable to connect to 'dbname='postgres' port=(\d+)[^']*'/],
    build: (m) => ({
      title: 'pgBackRest cannot reach the database it backs up',
      meaning: `pgBackRest connects to the node over its Unix socket as postgres${m[1] ? ` (port ${m[1]})` : ''} and got no answer: the server is down, or pg1-port / pg1-socket-path in the configuration are not the node's.`,
      fix: [
        'Start the node (or wait for it), then retry the job.',
        `Check ${code('pg1-port')} and ${code('pg1-socket-path')} (and pg2-… for the standby) in the stanza against ${code('SHOW port;')} and ${code('SHOW unix_socket_directories;')}.`,
      ],
    }),
  },
];
