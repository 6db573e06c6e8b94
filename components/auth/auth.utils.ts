/** The server's minimum (MIN_PASSWORD_LENGTH in lib/auth); checked here too so the form answers at once. */
export const MIN_ADMIN_PASSWORD_LENGTH = 12;

/** The first-visit form's own checks, by field: a long enough password, typed the same twice. */
export function setupPasswordProblems(
  password: string,
  confirm: string,
): { password?: string[]; confirm?: string[] } {
  const problems: { password?: string[]; confirm?: string[] } = {};
  if (password.length < MIN_ADMIN_PASSWORD_LENGTH)
    problems.password = [
      password.length === 0
        ? 'choose a password'
        : `use at least ${MIN_ADMIN_PASSWORD_LENGTH} characters (${password.length} so far)`,
    ];
  if (confirm !== password) problems.confirm = ['does not match the password above: type it again'];
  return problems;
}

/** Whether the checks above found nothing. */
export function hasProblems(problems: Record<string, string[] | undefined>): boolean {
  return Object.values(problems).some((list) => (list?.length ?? 0) > 0);
}
