import { describe, expect, it } from 'vitest';
import { portInList } from './preflight';

describe('reserved port lists', () => {
  it('reads single ports and ranges', () => {
    expect(portInList('5432,55400-56999', 55434)).toBe(true);
    expect(portInList('5432,55400-56999', 5432)).toBe(true);
    expect(portInList('5432,55400-56999', 57000)).toBe(false);
    expect(portInList('', 55434)).toBe(false);
  });
});
