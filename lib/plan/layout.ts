/** The local provider: clusters made with initdb/pg_ctl under the panel's data dir, one folder per node. */
export interface LocalLayout {
  kind: 'local';
  /** PostgreSQL's bin directory for the topology's version, or null when it is not installed. */
  binDir: string | null;
  /** This cluster's folder: one sub-folder per node. */
  root: string;
  /** OS user the clusters run as when the panel runs as root; null runs them as the panel's own user. */
  runAs: string | null;
  /** Adopted nodes' own data directories (clusters that ran before pgcascade, outside `root`). */
  dataDirs?: Record<string, string>;
}

/** SSH hosts running Debian or Ubuntu: postgresql-common's `<version>/main` cluster, managed with pg_ctlcluster. */
export interface DebianLayout {
  kind: 'debian';
  version: number;
}

export type Layout = LocalLayout | DebianLayout;

/** What the compiler knows about the world besides the topology. */
export interface Observed {
  layout: Layout;
  /** The cluster's id, which labels the VMs it creates (topologies with `machines`). */
  clusterId?: string;
}

/** Where one node's files are. */
export interface NodeFiles {
  dataDir: string;
  /** The file that includes the managed settings file (postgresql.conf). */
  mainConf: string;
  settingsFile: string;
  hbaFile: string;
  logFile: string;
  archiveDir: string;
  /** The node's TLS files (server certificate, its key, the cluster's CA), outside the data directory so a clone does not copy them. */
  tlsDir: string;
  /** The standby's libpq password file for its upstream (primary_conninfo names it instead of carrying the password). */
  passFile: string;
  /** Local layout only: the node's own folder and socket directory. */
  nodeDir: string | null;
  socketDir: string | null;
}

export function nodeFiles(layout: Layout, node: string): NodeFiles {
  if (layout.kind === 'debian') {
    const conf = `/etc/postgresql/${layout.version}/main`;
    return {
      dataDir: `/var/lib/postgresql/${layout.version}/main`,
      mainConf: `${conf}/postgresql.conf`,
      settingsFile: `${conf}/conf.d/pgcascade.conf`,
      hbaFile: `${conf}/pg_hba.conf`,
      logFile: `/var/log/postgresql/postgresql-${layout.version}-main.log`,
      archiveDir: `/var/lib/postgresql/${layout.version}/wal-archive`,
      tlsDir: `${conf}/tls`,
      passFile: `${conf}/pgpass`,
      nodeDir: null,
      socketDir: null,
    };
  }
  const adopted = layout.dataDirs?.[node];
  if (adopted) {
    return {
      dataDir: adopted,
      mainConf: `${adopted}/postgresql.conf`,
      settingsFile: `${adopted}/pgcascade.conf`,
      hbaFile: `${adopted}/pg_hba.conf`,
      logFile: `${adopted}/pgcascade-server.log`,
      archiveDir: `${adopted}/pgcascade-wal-archive`,
      tlsDir: `${adopted}/pgcascade-tls`,
      passFile: `${adopted}/pgcascade-pgpass`,
      // Not pgcascade's folder: nothing ever removes it.
      nodeDir: null,
      socketDir: null,
    };
  }
  const dir = `${layout.root}/${node}`;
  return {
    dataDir: `${dir}/pgdata`,
    mainConf: `${dir}/pgdata/postgresql.conf`,
    settingsFile: `${dir}/pgdata/pgcascade.conf`,
    hbaFile: `${dir}/pgdata/pg_hba.conf`,
    logFile: `${dir}/postgresql.log`,
    archiveDir: `${dir}/wal-archive`,
    tlsDir: `${dir}/tls`,
    passFile: `${dir}/pgpass`,
    nodeDir: dir,
    socketDir: `${dir}/run`,
  };
}

export function bin(layout: Layout, name: string): string {
  if (layout.kind === 'debian') return `/usr/lib/postgresql/${layout.version}/bin/${name}`;
  return `${layout.binDir ?? `/usr/lib/postgresql/<version>/bin`}/${name}`;
}

/** How to start, stop, restart and ask about a node's server; `status` exits 0 when it runs. */
export interface ServiceCommands {
  start: string[];
  stop: string[];
  restart: string[];
  status: string[];
  /** Run them as the clusters' OS user (local) rather than as root (pg_ctlcluster switches user itself). */
  asPostgres: boolean;
  logFile: string;
}

export function serviceCommands(layout: Layout, node: string): ServiceCommands {
  const files = nodeFiles(layout, node);
  if (layout.kind === 'debian') {
    const cluster = ['pg_ctlcluster', String(layout.version), 'main'];
    return { start: [...cluster, 'start'], stop: [...cluster, 'stop', '-m', 'fast'], restart: [...cluster, 'restart', '-m', 'fast'], status: [...cluster, 'status'], asPostgres: false, logFile: files.logFile };
  }
  const pgCtl = bin(layout, 'pg_ctl');
  return {
    start: [pgCtl, '-D', files.dataDir, '-l', files.logFile, '-w', '-t', '120', 'start'],
    stop: [pgCtl, '-D', files.dataDir, '-m', 'fast', '-w', '-t', '120', 'stop'],
    restart: [pgCtl, '-D', files.dataDir, '-l', files.logFile, '-m', 'fast', '-w', '-t', '120', 'restart'],
    status: [pgCtl, 'status', '-D', files.dataDir],
    asPostgres: true,
    logFile: files.logFile,
  };
}
