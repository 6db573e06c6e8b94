import { describe, expect, it } from 'vitest';
import { FREE_FAILURES, GLOBAL_FAILURES_PER_MINUTE, LoginLimiter } from './login-limiter';

describe('login limiter', () => {
  it('lets an address fail a few times, then makes it wait longer after each failure', () => {
    let now = 1_000_000;
    const l = new LoginLimiter(() => now);
    for (let i = 0; i < FREE_FAILURES; i++) {
      expect(l.check('a').ok).toBe(true);
      l.failure('a');
    }
    const first = l.check('a');
    expect(first).toMatchObject({ ok: false, retryAfterSeconds: 1 });
    now += 1000;
    expect(l.check('a').ok).toBe(true);
    l.failure('a');
    expect(l.check('a')).toMatchObject({ ok: false, retryAfterSeconds: 2 });
    // Another address is not held up by the first.
    expect(l.check('b').ok).toBe(true);
    // Success clears the address.
    now += 2000;
    l.success('a');
    expect(l.check('a').ok).toBe(true);
  });

  it('caps failures from all addresses together', () => {
    let now = 0;
    const l = new LoginLimiter(() => now);
    for (let i = 0; i < GLOBAL_FAILURES_PER_MINUTE; i++) l.failure(`10.0.0.${i}`);
    const d = l.check('10.9.9.9');
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.retryAfterSeconds).toBe(60);
    now += 60_001;
    expect(l.check('10.9.9.9').ok).toBe(true);
  });

  it('refuses more than a few logins at once', () => {
    const l = new LoginLimiter();
    for (let i = 0; i < 4; i++) l.begin();
    expect(l.check('x')).toMatchObject({ ok: false, retryAfterSeconds: 1 });
    l.end();
    expect(l.check('x').ok).toBe(true);
  });
});
