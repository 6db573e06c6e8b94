import { describe, expect, it } from 'vitest';
import { formatWhen, issuesByField } from './settings.utils';

describe('issuesByField', () => {
  it('puts problems on the fields the form shows, through aliases, and keeps the rest', () => {
    const placed = issuesByField(
      [
        { path: 'user', message: 'must be a user name' },
        { path: 'privateKey', message: 'give a privateKey or a password' },
        { path: '', message: 'odd' },
      ],
      ['name', 'user', 'password'],
      { privateKey: 'password' },
    );
    expect(placed.byField).toEqual({
      user: ['must be a user name'],
      password: ['give a privateKey or a password'],
    });
    expect(placed.other).toEqual([{ path: '', message: 'odd' }]);
  });
});

describe('formatWhen', () => {
  it('shows a dash for a missing or broken date', () => {
    expect(formatWhen(null)).toBe('—');
    expect(formatWhen('not a date')).toBe('—');
    expect(formatWhen('2025-01-02T03:04:05Z')).not.toBe('—');
  });
});
