import type { Command } from '../types';
import type { Layout } from '../layout';

/**
 * Create a directory owned by the clusters' OS user (mode 0700 unless given). In a folder that user owns, it
 * makes the directory itself: root's `install -d -o` would follow a link planted there and chown its target.
 */
export function makeDirCommand(layout: Layout, dir: string, mode = '0700'): Command {
  const user = layout.kind === 'debian' ? 'postgres' : layout.runAs;
  const inRootsFolder = layout.kind === 'local' && dir.replace(/\/[^/]+$/, '') === layout.root;
  if (user && inRootsFolder) return { type: 'shell', argv: ['install', '-d', '-o', user, '-g', user, '-m', mode, dir], asPostgres: false };
  return { type: 'shell', argv: ['install', '-d', '-m', mode, dir], asPostgres: user !== null };
}

export function serviceCommand(argv: string[], asPostgres: boolean): Command {
  return { type: 'shell', argv, asPostgres };
}

export function sql(database: string, text: string): Command {
  return { type: 'sql', database, sql: text };
}
