import { STALE_SAMPLE_SECONDS } from '@/components/dashboard/dashboard.utils';
import type { MonitoringSettings, MonitoringUpdate } from '@/lib/queries/types';

export type WalUnit = 'MiB' | 'GiB';

const UNIT_BYTES: Record<WalUnit, number> = { MiB: 1024 ** 2, GiB: 1024 ** 3 };

/** The server's limits (lib/monitor/settings.ts). */
export const LIMITS = { minInterval: 1, maxInterval: 60, maxLagSeconds: 86_400, maxRetainedWalBytes: 2 ** 50 } as const;

/** The form as typed: strings, so a half-typed number is kept as it is. */
export interface MonitoringForm {
  intervalSeconds: string;
  lagSeconds: string;
  retainedWal: string;
  retainedWalUnit: WalUnit;
}

/** Field paths as the server names them in a 422, which is also how the form places its own errors. */
export const MONITORING_FIELDS = ['intervalSeconds', 'thresholds.lagSeconds', 'thresholds.retainedWalBytes'] as const;
export type MonitoringField = (typeof MONITORING_FIELDS)[number];

const trimmed = (n: number) => String(Number(n.toFixed(3)));

/** A byte count as the form shows it: GiB from 1 GiB up, else MiB, at most three decimals. */
export function sizeFromBytes(bytes: number): { value: string; unit: WalUnit } {
  const unit: WalUnit = bytes >= UNIT_BYTES.GiB ? 'GiB' : 'MiB';
  return { value: trimmed(bytes / UNIT_BYTES[unit]), unit };
}

/** MiB or GiB to whole bytes. */
export function bytesFromSize(value: number, unit: WalUnit): number {
  return Math.round(value * UNIT_BYTES[unit]);
}

export function formFromSettings(s: MonitoringSettings): MonitoringForm {
  const wal = sizeFromBytes(s.thresholds.retainedWalBytes);
  return {
    intervalSeconds: String(s.intervalSeconds),
    lagSeconds: String(s.thresholds.lagSeconds),
    retainedWal: wal.value,
    retainedWalUnit: wal.unit,
  };
}

/** A typed number ("1,5" read as 1.5); null when it is not one. */
function parseNumber(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export interface MonitoringDraft {
  /** Only the fields that differ from what was loaded. */
  update: MonitoringUpdate;
  errors: Partial<Record<MonitoringField, string[]>>;
  isChanged: boolean;
}

/** Check the form and build the partial PUT body from the fields that changed since `loaded`. */
export function monitoringUpdate(loaded: MonitoringForm, form: MonitoringForm): MonitoringDraft {
  const errors: MonitoringDraft['errors'] = {};
  const interval = parseNumber(form.intervalSeconds);
  if (interval === null || !Number.isInteger(interval) || interval < LIMITS.minInterval || interval > LIMITS.maxInterval)
    errors.intervalSeconds = [`a whole number of seconds from ${LIMITS.minInterval} to ${LIMITS.maxInterval}`];
  const lag = parseNumber(form.lagSeconds);
  if (lag === null || lag <= 0 || lag > LIMITS.maxLagSeconds)
    errors['thresholds.lagSeconds'] = [`more than 0 and at most ${LIMITS.maxLagSeconds} seconds (a day)`];
  const size = parseNumber(form.retainedWal);
  const bytes = size === null ? null : bytesFromSize(size, form.retainedWalUnit);
  if (bytes === null || bytes <= 0 || bytes > LIMITS.maxRetainedWalBytes)
    errors['thresholds.retainedWalBytes'] = ['more than 0 and at most 1 PiB (1048576 GiB)'];

  const changed = (a: string, b: string) => a.trim() !== b.trim();
  const update: MonitoringUpdate = {};
  const thresholds: NonNullable<MonitoringUpdate['thresholds']> = {};
  if (interval !== null && changed(form.intervalSeconds, loaded.intervalSeconds)) update.intervalSeconds = interval;
  if (lag !== null && changed(form.lagSeconds, loaded.lagSeconds)) thresholds.lagSeconds = lag;
  if (
    bytes !== null &&
    (changed(form.retainedWal, loaded.retainedWal) || form.retainedWalUnit !== loaded.retainedWalUnit)
  )
    thresholds.retainedWalBytes = bytes;
  if (Object.keys(thresholds).length > 0) update.thresholds = thresholds;
  return { update, errors, isChanged: Object.keys(update).length > 0 };
}

/** How old the latest sample may be before the dashboard calls it stale: two intervals and a little, 10 s at least. */
export function staleSampleSeconds(intervalSeconds: number | undefined): number {
  return Math.max(STALE_SAMPLE_SECONDS, 2 * (intervalSeconds ?? 1) + 2);
}

/** "every second", "every 5 s" (every second until the settings are read). */
export function everyInterval(intervalSeconds: number | undefined): string {
  return !intervalSeconds || intervalSeconds === 1 ? 'every second' : `every ${intervalSeconds} s`;
}
