import { z } from 'zod';
import { DEFAULT_THRESHOLDS, type AlertThresholds } from './alerts';

/** How one cluster is watched: its sampling interval and alert thresholds. */
export interface MonitoringSettings {
  intervalSeconds: number;
  thresholds: AlertThresholds;
}

export const DEFAULT_MONITORING: MonitoringSettings = { intervalSeconds: 1, thresholds: DEFAULT_THRESHOLDS };

/** A partial update, as sent to `PUT /api/clusters/:id/monitoring`. */
export const monitoringUpdateSchema = z
  .object({
    intervalSeconds: z.number().int().min(1).max(60).optional(),
    thresholds: z
      .object({
        lagSeconds: z.number().positive().max(86_400).optional(),
        retainedWalBytes: z
          .number()
          .int()
          .positive()
          .max(2 ** 50)
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type MonitoringUpdate = z.infer<typeof monitoringUpdateSchema>;

/** The saved settings (null before any change) with the defaults filled in, then an update applied. */
export function monitoringSettings(saved: unknown, update: MonitoringUpdate = {}): MonitoringSettings {
  const s = (saved ?? {}) as Partial<MonitoringSettings>;
  return {
    intervalSeconds: update.intervalSeconds ?? s.intervalSeconds ?? DEFAULT_MONITORING.intervalSeconds,
    thresholds: { ...DEFAULT_MONITORING.thresholds, ...s.thresholds, ...update.thresholds },
  };
}
