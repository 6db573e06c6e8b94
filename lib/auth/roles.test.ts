import { describe, expect, it } from 'vitest';
import { ROLES, roleAtLeast } from './roles';

describe('roles', () => {
  it('orders viewer < operator < admin and nothing else', () => {
    expect(roleAtLeast('admin', 'viewer')).toBe(true);
    expect(roleAtLeast('operator', 'operator')).toBe(true);
    expect(roleAtLeast('operator', 'admin')).toBe(false);
    expect(roleAtLeast('viewer', 'operator')).toBe(false);
    expect(ROLES).toEqual(['viewer', 'operator', 'admin']);
  });
});
