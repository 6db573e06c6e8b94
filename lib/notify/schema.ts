import { z } from 'zod';
import { CHANNEL_KINDS } from './payloads';

/** An http(s) URL with a host and no credentials in it (a secret there would show in logs and answers). */
export function urlProblem(text: string): string | null {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return 'not a URL: give the full address, such as https://hooks.example.com/pgcascade';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `only http:// and https:// URLs are supported, not ${u.protocol}//`;
  if (!u.hostname) return 'the URL has no host';
  if (u.username || u.password) return 'put no user or password in the URL: a webhook is signed with its secret instead';
  return null;
}

const url = z
  .string()
  .trim()
  .min(1, 'the URL is required')
  .max(2000)
  .superRefine((v, ctx) => {
    const problem = urlProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const MIN_SECRET_LENGTH = 16;
const secret = z
  .string()
  .min(MIN_SECRET_LENGTH, `at least ${MIN_SECRET_LENGTH} characters: the receiver verifies the signature with it`)
  .max(500);

const MISSING_SECRET = `a webhook needs a secret (at least ${MIN_SECRET_LENGTH} characters) to sign its deliveries; the receiver verifies them with it`;
const SECRET_NOT_USED = 'only the generic webhook is signed: leave the secret empty for this kind';

/** `POST /api/clusters/:id/notifications`. */
export const channelCreateSchema = z
  .object({
    kind: z.enum(CHANNEL_KINDS, { message: `one of ${CHANNEL_KINDS.join(', ')}` }),
    name: z.string().trim().min(1).max(100).optional(),
    url,
    secret: secret.optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.kind === 'webhook' && !v.secret) ctx.addIssue({ code: 'custom', path: ['secret'], message: MISSING_SECRET });
    if (v.kind !== 'webhook' && v.secret) ctx.addIssue({ code: 'custom', path: ['secret'], message: SECRET_NOT_USED });
  });
export type ChannelCreate = z.infer<typeof channelCreateSchema>;

/** `PATCH /api/clusters/:id/notifications/:channelId`: any of these; a webhook keeps its secret unless a new one is sent. */
export const channelUpdateSchema = z
  .object({ name: z.string().trim().min(1).max(100).optional(), url: url.optional(), secret: secret.optional(), enabled: z.boolean().optional() })
  .strict();
export type ChannelUpdate = z.infer<typeof channelUpdateSchema>;

export { MISSING_SECRET, SECRET_NOT_USED };

/** What a channel's sealed secret is bound to: it opens only as this channel's (AES-GCM associated data). */
export function channelAad(channelId: string): string {
  return `notification-channel:${channelId}`;
}
