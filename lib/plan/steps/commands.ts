import type { Command } from '../types';
import type { Layout } from '../layout';

/** Create a directory owned by the clusters' OS user, mode 0700. */
export function makeDirCommand(layout: Layout, dir: string): Command {
  const user = layout.kind === 'debian' ? 'postgres' : layout.runAs;
  const owner = user ? ['-o', user, '-g', user] : [];
  return { type: 'shell', argv: ['install', '-d', ...owner, '-m', '0700', dir], asPostgres: false };
}

export function serviceCommand(argv: string[], asPostgres: boolean): Command {
  return { type: 'shell', argv, asPostgres };
}

export function sql(database: string, text: string): Command {
  return { type: 'sql', database, sql: text };
}
