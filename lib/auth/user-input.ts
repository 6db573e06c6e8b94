import { z } from 'zod';
import { roleSchema } from './roles';
import { MIN_PASSWORD_LENGTH } from './password-rules';

export const userNameSchema = z
  .string()
  .trim()
  .min(1, 'enter a user name')
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]*$/, 'use letters, digits and _ . @ - (starting with a letter or digit)');

export const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH, `use at least ${MIN_PASSWORD_LENGTH} characters`).max(1000);

export const newUserSchema = z.strictObject({ name: userNameSchema, role: roleSchema, password: passwordSchema });

export const userChangeSchema = z
  .strictObject({ role: roleSchema.optional(), password: passwordSchema.optional() })
  .refine((c) => c.role !== undefined || c.password !== undefined, { message: 'change the role or the password', path: ['role'] });

/** A token's role and optional lifetime in days (none: until deleted). */
export const newTokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  role: roleSchema.default('viewer'),
  expiresInDays: z.number().int('a whole number of days').min(1).max(3650).optional(),
});
