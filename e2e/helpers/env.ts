/** Where the panel under test listens (ports 3200-3299 are the UI's; 3100-3199 belong to the API tests). */
export const PORT = Number(process.env.PGCASCADE_E2E_PORT ?? 3210);
export const BASE_URL = `http://127.0.0.1:${PORT}`;

/** The admin password the panel under test is started with (PGCASCADE_ADMIN_PASSWORD). */
export const ADMIN_PASSWORD = 'e2e admin password 1';

/**
 * The panel's PGCASCADE_API_TOKEN for this run: made once in playwright.config.ts and handed to workers and
 * the teardown through the environment.
 */
export function apiToken(): string {
  const token = process.env.PGCASCADE_E2E_TOKEN;
  if (!token) throw new Error('PGCASCADE_E2E_TOKEN is not set: run the specs through playwright.config.ts');
  return token;
}

/** Node ports per spec, so a leftover of one spec never collides with another (56000-56999 are the UI's). */
export const NODE_PORTS = {
  journey: [56101, 56102, 56103, 56104],
  validation: [56111, 56112, 56113, 56114],
  failure: [56121, 56122, 56123, 56124],
  dashboard: [56401, 56402, 56403, 56404],
  operations: [56411, 56412, 56413, 56414],
  changes: [56431, 56432, 56433, 56434],
  notifications: [56421],
  backups: [56441, 56442, 56443, 56444],
  /** The node the backups spec restores into ("Restore to…" a new node). */
  restored: [56445],
  import: [56451, 56452],
} as const;

/** Where the specs start the Yandex Cloud stand-in; the panel under test is pointed at it (PGCASCADE_YANDEX_API_BASE). */
export const YANDEX_STANDIN_PORT = 3291;
