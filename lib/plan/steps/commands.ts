import type { Command } from '../types';
import { bin, type LocalLayout } from '../layout';

/** Create a directory owned by the clusters' OS user, mode 0700. */
export function makeDirCommand(layout: LocalLayout, dir: string): Command {
  const owner = layout.runAs ? ['-o', layout.runAs, '-g', layout.runAs] : [];
  return { type: 'shell', argv: ['install', '-d', ...owner, '-m', '0700', dir], asPostgres: false };
}

export function pgCtlCommand(layout: LocalLayout, dataDir: string, action: 'start' | 'stop' | 'restart', logFile?: string): Command {
  const argv = [bin(layout, 'pg_ctl'), '-D', dataDir];
  if (logFile) argv.push('-l', logFile);
  if (action !== 'start') argv.push('-m', 'fast');
  argv.push('-w', '-t', '120', action);
  return { type: 'shell', argv, asPostgres: true };
}

export function sql(database: string, text: string): Command {
  return { type: 'sql', database, sql: text };
}
