import { describe, expect, it } from 'vitest';
import { actionOf, retentionDays } from './retention';

describe('audit helpers', () => {
  it('keeps 90 days unless told a whole number of days', () => {
    expect(retentionDays({})).toBe(90);
    expect(retentionDays({ PGCASCADE_AUDIT_RETENTION_DAYS: '7' })).toBe(7);
    expect(retentionDays({ PGCASCADE_AUDIT_RETENTION_DAYS: '0' })).toBe(90);
    expect(retentionDays({ PGCASCADE_AUDIT_RETENTION_DAYS: 'soon' })).toBe(90);
  });
  it('names the route, not the ids in it', () => {
    expect(actionOf('POST', '/api/clusters/abc-1/apply', { id: 'abc-1' })).toBe('POST /api/clusters/:id/apply');
    expect(actionOf('DELETE', '/api/tokens/t1', { id: 't1' })).toBe('DELETE /api/tokens/:id');
    expect(actionOf('POST', '/api/auth/login', {})).toBe('POST /api/auth/login');
  });
});
