import { describe, expect, it } from 'vitest';
import { parseTopologyText } from './reapply.utils';

describe('parseTopologyText', () => {
  it('takes a JSON object and says what is wrong with anything else', () => {
    expect(parseTopologyText('{"name":"x"}')).toEqual({ ok: true, topology: { name: 'x' } });
    expect(parseTopologyText('[1]')).toEqual({ ok: false, error: 'the topology must be a JSON object' });
    expect(parseTopologyText('{').ok).toBe(false);
  });
});
