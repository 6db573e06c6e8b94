export const DEFAULT_RETENTION_DAYS = 90;

/** PGCASCADE_AUDIT_RETENTION_DAYS (a whole number of days, at least 1), else 90. */
export function retentionDays(env: Record<string, string | undefined>): number {
  const n = Number(env.PGCASCADE_AUDIT_RETENTION_DAYS);
  return Number.isInteger(n) && n >= 1 ? n : DEFAULT_RETENTION_DAYS;
}

/** A request path with its dynamic parts named: `/api/clusters/3f…/apply` → `/api/clusters/:id/apply`. */
export function actionOf(method: string, pathname: string, params: Record<string, unknown>): string {
  const names = new Map(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string').map(([k, v]) => [v, k]));
  const path = pathname
    .split('/')
    .map((seg) => {
      const name = names.get(decodeURIComponent(seg));
      return name ? `:${name}` : seg;
    })
    .join('/');
  return `${method} ${path}`;
}
