import { describe, expect, it } from 'vitest';
import { HBA_BEGIN, renderHbaBlock, withHbaBlock } from './pg-hba';

const rules = [
  { database: 'technolabels', user: 'pgcascade_logical', address: '10.77.0.12', method: 'scram-sha-256' as const },
  { database: 'replication', user: 'pgcascade_physical', address: '10.77.0.14', method: 'scram-sha-256' as const },
];

describe('pg_hba managed block', () => {
  it('narrows each peer to its /32', () => {
    expect(renderHbaBlock(rules)).toContain('host\ttechnolabels\tpgcascade_logical\t10.77.0.12/32\tscram-sha-256');
    expect(renderHbaBlock(rules)).toContain('host\treplication\tpgcascade_physical\t10.77.0.14/32\tscram-sha-256');
  });
  it('inserts the block on top and re-applies to the same text', () => {
    const original = 'local all postgres peer\nhost all all 127.0.0.1/32 scram-sha-256\n';
    const once = withHbaBlock(original, renderHbaBlock(rules));
    expect(once.startsWith(HBA_BEGIN)).toBe(true);
    expect(once).toContain(original);
    expect(withHbaBlock(once, renderHbaBlock(rules))).toBe(once);
  });
  it('replaces an older block instead of adding a second', () => {
    const once = withHbaBlock('local all all peer\n', renderHbaBlock(rules));
    const twice = withHbaBlock(once, renderHbaBlock(rules.slice(0, 1)));
    expect(twice.split(HBA_BEGIN).length).toBe(2);
    expect(twice).not.toContain('pgcascade_physical');
  });
});
