/** Where a local cluster's files live; discovered by the host side, passed into the pure compiler. */
export interface LocalLayout {
  kind: 'local';
  /** PostgreSQL's bin directory for the topology's version, or null when it is not installed. */
  binDir: string | null;
  /** This cluster's folder: one sub-folder per node. */
  root: string;
  /** OS user the clusters run as when the panel runs as root; null runs them as the panel's own user. */
  runAs: string | null;
}

/** What the compiler knows about the world besides the topology. */
export interface Observed {
  layout: LocalLayout;
}

export function nodeDir(layout: LocalLayout, node: string): string {
  return `${layout.root}/${node}`;
}
export function dataDir(layout: LocalLayout, node: string): string {
  return `${nodeDir(layout, node)}/pgdata`;
}
export function socketDir(layout: LocalLayout, node: string): string {
  return `${nodeDir(layout, node)}/run`;
}
export function logFile(layout: LocalLayout, node: string): string {
  return `${nodeDir(layout, node)}/postgresql.log`;
}
export function archiveDir(layout: LocalLayout, node: string): string {
  return `${nodeDir(layout, node)}/wal-archive`;
}
export function bin(layout: LocalLayout, name: string): string {
  return `${layout.binDir ?? `/usr/lib/postgresql/<version>/bin`}/${name}`;
}
