/** One setting as pg_settings shows it: `setting` is in `unit` (e.g. 512 with unit MB, 1000 with unit ms). */
export interface LiveSetting {
  setting: string;
  unit: string | null;
  /** pg_settings.vartype: bool, integer, real, string or enum. */
  vartype: string;
  pendingRestart: boolean;
  sourceFile: string | null;
}

/** Base units: bytes for memory, microseconds for time (PostgreSQL's own unit names, case-sensitive). */
const MEMORY: Record<string, number> = { B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };
const TIME: Record<string, number> = { us: 1, ms: 1000, s: 1e6, min: 60e6, h: 3600e6, d: 86_400e6 };

interface Scale {
  table: Record<string, number>;
  factor: number;
}

/** A pg_settings unit such as `MB`, `8kB` or `ms`, as a factor to the base unit of its kind. */
function scaleOf(unit: string): Scale | null {
  const m = /^(\d*)\s*([A-Za-z]+)$/.exec(unit.trim());
  if (!m) return null;
  const times = m[1] ? Number(m[1]) : 1;
  const name = m[2] as string;
  if (name in MEMORY) return { table: MEMORY, factor: times * (MEMORY[name] as number) };
  if (name in TIME) return { table: TIME, factor: times * (TIME[name] as number) };
  return null;
}

const TRUE_WORDS = new Set(['on', 'true', 'yes', '1', 't', 'y']);
const FALSE_WORDS = new Set(['off', 'false', 'no', '0', 'f', 'n']);
/** String settings that hold comma-separated lists, where spaces after commas mean nothing. */
const LIST_SETTINGS = new Set(['listen_addresses', 'unix_socket_directories']);

/** A number in base units: `512MB`, `1s`, or a bare number in the setting's own unit. */
function baseAmount(value: string, scale: Scale): number | null {
  const m = /^(-?\d+(?:\.\d+)?)\s*([A-Za-z]*)$/.exec(value.trim());
  if (!m) return null;
  const amount = Number(m[1]);
  if (!m[2]) return amount * scale.factor;
  const factor = scale.table[m[2]];
  return factor === undefined ? null : amount * factor;
}

/**
 * One canonical text for a value of this setting, so that what the plan writes (`1s`, `512MB`, `on`) and what
 * pg_settings shows (`1000` ms, `512` MB, `on`) compare equal when PostgreSQL would take them as the same.
 */
export function canonicalSetting(name: string, value: string, live: Pick<LiveSetting, 'unit' | 'vartype'>): string {
  const v = value.trim();
  switch (live.vartype) {
    case 'bool': {
      const word = v.toLowerCase();
      return TRUE_WORDS.has(word) ? 'on' : FALSE_WORDS.has(word) ? 'off' : word;
    }
    case 'integer':
    case 'real': {
      const scale = live.unit ? scaleOf(live.unit) : null;
      const amount = scale ? baseAmount(v, scale) : Number(v);
      return amount === null || Number.isNaN(amount) ? v.toLowerCase() : String(amount);
    }
    case 'enum':
      return v.toLowerCase();
    default:
      return LIST_SETTINGS.has(name) ? v.split(',').map((part) => part.trim()).join(',') : v;
  }
}

/** Whether the running value is the one the plan writes. */
export function sameSetting(name: string, desired: string, live: LiveSetting): boolean {
  return canonicalSetting(name, desired, live) === canonicalSetting(name, live.setting, live);
}

/** The running value as SHOW prints it: in the largest unit that divides it (`5s`, not `5000` ms). */
export function showSetting(live: LiveSetting): string {
  const scale = live.unit ? scaleOf(live.unit) : null;
  const amount = Number(live.setting);
  if (!scale || Number.isNaN(amount) || live.setting.trim() === '') return live.setting;
  const base = amount * scale.factor;
  if (base === 0) return '0';
  const units = Object.entries(scale.table).sort(([, a], [, b]) => b - a);
  const [unit] = units.find(([, factor]) => base % factor === 0) ?? [live.unit];
  const factor = scale.table[unit as string] ?? scale.factor;
  return `${base / factor}${unit}`;
}
