import { z } from 'zod';

// Kept beside schema.ts (not in it) so the backup fields stay one small file; schema.ts imports it.
const name = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case identifier: a letter or _, then letters, digits or _ (at most 63)');

/** A cron expression (minute hour day month weekday, UTC); rules/backups.ts checks that it parses. */
export const cronSchema = z.string().min(1, 'a cron expression such as 0 2 * * 0').max(200);

export const backupRepositorySchema = z.strictObject({
  type: z.literal('posix'),
  /** The node whose host keeps the repository. */
  host: name,
  path: z
    .string()
    .max(400)
    .regex(/^\/[A-Za-z0-9._/-]*$/, 'must be an absolute path of letters, digits, . _ - and /')
    .refine((p) => !p.split('/').includes('..'), 'must not contain ..'),
});

export const backupSchema = z.strictObject({
  /** The node backed up (pgBackRest's pg1): a primary or subscriber, never a standby. */
  node: name,
  /** A standby of `node` that the backup reads its files from (pgBackRest's backup-standby), so `node` is not loaded. */
  fromStandby: name.optional(),
  repository: backupRepositorySchema,
  schedule: z
    .strictObject({ full: cronSchema.optional(), differential: cronSchema.optional(), incremental: cronSchema.optional() })
    .optional(),
  retention: z
    .strictObject({
      full: z.number().int().min(1, 'keep at least 1 full backup').max(100),
      differential: z.number().int().min(1).max(100).optional(),
    })
    .optional(),
  /** When a restore drill runs (a cron expression). */
  drill: cronSchema.optional(),
});
