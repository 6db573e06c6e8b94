/** Values pgcascade writes to a node's managed settings file, in a stable order. */
export type Settings = Array<[name: string, value: string]>;

/** Settings whose change needs a server restart (postmaster context). */
export const RESTART_SETTINGS = new Set([
  'listen_addresses',
  'port',
  'unix_socket_directories',
  'wal_level',
  'max_wal_senders',
  'max_replication_slots',
  'max_worker_processes',
  'max_logical_replication_workers',
  'archive_mode',
  'hot_standby',
]);

function confValue(value: string): string {
  return /^-?\d+$/.test(value) || /^(on|off|true|false)$/.test(value) ? value : `'${value.replace(/'/g, "''")}'`;
}

/** Render settings as a postgresql.conf drop-in. */
export function renderSettingsFile(settings: Settings): string {
  const lines = ['# Managed by pgcascade: this file is rewritten on every apply.'];
  for (const [name, value] of settings) lines.push(`${name} = ${confValue(value)}`);
  return `${lines.join('\n')}\n`;
}
