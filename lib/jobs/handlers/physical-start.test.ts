import { describe, expect, it } from 'vitest';
import { switchPoint } from './physical-start';

describe('switchPoint', () => {
  it('reads where the promoted clone’s timeline began', () => {
    expect(switchPoint('1\t0/3000100\treached consistency\n')).toBe('0/3000100');
    expect(switchPoint('1\t0/3000100\tno recovery target specified\n\n2\t1/A0000D8\treached consistency\n')).toBe('1/A0000D8');
    expect(() => switchPoint('')).toThrow(/no switch point/);
  });
});
