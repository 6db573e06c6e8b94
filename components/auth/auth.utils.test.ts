import { describe, expect, it } from 'vitest';
import { hasProblems, setupPasswordProblems } from './auth.utils';

describe('setupPasswordProblems (first-visit form)', () => {
  it('accepts 12 characters typed the same twice', () => {
    const problems = setupPasswordProblems('twelve chars', 'twelve chars');
    expect(problems).toEqual({});
    expect(hasProblems(problems)).toBe(false);
  });
  it('asks for a password when there is none', () => {
    expect(setupPasswordProblems('', '').password).toEqual(['choose a password']);
  });
  it('refuses fewer than 12 characters and says how many there are', () => {
    expect(setupPasswordProblems('eleven char', 'eleven char').password?.[0]).toMatch(
      /at least 12 characters \(11 so far\)/,
    );
  });
  it('reports a confirmation that differs at the confirmation field', () => {
    const problems = setupPasswordProblems('a long enough password', 'a long enough passwore');
    expect(problems.password).toBeUndefined();
    expect(problems.confirm?.[0]).toMatch(/does not match/);
    expect(hasProblems(problems)).toBe(true);
  });
});
