/** Failed logins an address may make before it has to wait. */
export const FREE_FAILURES = 5;
const MAX_LOCK_MS = 15 * 60_000;
/** Failed logins from all addresses together per minute: the cap that rotating addresses cannot get around. */
export const GLOBAL_FAILURES_PER_MINUTE = 30;
/** Logins checked at once (each is a 16 MiB scrypt). */
const MAX_IN_FLIGHT = 4;
const MAX_TRACKED = 10_000;

export type LimitDecision = { ok: true } | { ok: false; retryAfterSeconds: number; message: string };

interface AddressState {
  failures: number;
  lockedUntil: number;
  lastFailure: number;
}

/** Login attempts per client address (with doubling waits) and overall; in memory, per process. */
export class LoginLimiter {
  private readonly byAddress = new Map<string, AddressState>();
  private globalFailures: number[] = [];
  private inFlight = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** May this address try now? Call `begin` when it does and `end` after. */
  check(address: string): LimitDecision {
    const now = this.now();
    const s = this.byAddress.get(address);
    if (s && s.lockedUntil > now) {
      return { ok: false, retryAfterSeconds: Math.ceil((s.lockedUntil - now) / 1000), message: `too many failed logins from ${address}: wait before trying again` };
    }
    this.globalFailures = this.globalFailures.filter((t) => t > now - 60_000);
    if (this.globalFailures.length >= GLOBAL_FAILURES_PER_MINUTE) {
      const oldest = this.globalFailures[0] ?? now;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + 60_000 - now) / 1000)), message: 'too many failed logins on this panel: wait before trying again' };
    }
    if (this.inFlight >= MAX_IN_FLIGHT) return { ok: false, retryAfterSeconds: 1, message: 'too many logins at once: try again in a second' };
    return { ok: true };
  }

  begin(): void {
    this.inFlight++;
  }

  end(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  failure(address: string): void {
    const now = this.now();
    this.globalFailures.push(now);
    const prev = this.byAddress.get(address);
    // A quiet quarter of an hour forgives the earlier failures.
    const failures = prev && now - prev.lastFailure < MAX_LOCK_MS ? prev.failures + 1 : 1;
    const over = failures - FREE_FAILURES + 1;
    const lockedUntil = over > 0 ? now + Math.min(1000 * 2 ** (over - 1), MAX_LOCK_MS) : 0;
    this.byAddress.delete(address);
    this.byAddress.set(address, { failures, lockedUntil, lastFailure: now });
    // Oldest first (Map keeps insertion order): a flood of addresses cannot grow memory without bound.
    while (this.byAddress.size > MAX_TRACKED) this.byAddress.delete(this.byAddress.keys().next().value as string);
  }

  success(address: string): void {
    this.byAddress.delete(address);
  }
}

const g = globalThis as unknown as { __pgcascadeLoginLimiter?: LoginLimiter };

/** The process's limiter (route bundles share it). */
export function loginLimiter(): LoginLimiter {
  g.__pgcascadeLoginLimiter ??= new LoginLimiter();
  return g.__pgcascadeLoginLimiter;
}
