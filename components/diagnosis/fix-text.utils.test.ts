import { describe, expect, it } from 'vitest';
import { isCopyWorthy, splitFixText } from './fix-text.utils';

describe('fix step text', () => {
  it('splits prose from backticked commands', () => {
    expect(splitFixText("On the publisher: `ALTER SYSTEM SET wal_level = 'logical';` then restart.")).toEqual(
      [
        { text: 'On the publisher: ', isCode: false },
        { text: "ALTER SYSTEM SET wal_level = 'logical';", isCode: true },
        { text: ' then restart.', isCode: false },
      ],
    );
  });
  it('handles adjacent commands and an unpaired backtick', () => {
    expect(splitFixText('`a b` `c d`').map((p) => p.isCode)).toEqual([true, false, true]);
    expect(splitFixText('a ` b')).toEqual([{ text: 'a ` b', isCode: false }]);
  });
  it('offers copying for commands, not for short names', () => {
    expect(isCopyWorthy('SHOW wal_level;')).toBe(true);
    expect(isCopyWorthy("'logical'")).toBe(false);
  });
});
