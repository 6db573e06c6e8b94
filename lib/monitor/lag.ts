/**
 * A physical standby's replay lag in seconds. PostgreSQL reports NULL replay_lag when the standby has replayed
 * everything and nothing new was written: that is zero lag, not unknown. Unknown is when it is not streaming.
 */
export function replayLagSeconds(
  state: string | null,
  replayLag: number | null,
  bytesBehind: number | null,
): number | null {
  if (state !== 'streaming') return null;
  if (replayLag !== null) return bytesBehind === 0 ? 0 : replayLag;
  return bytesBehind === 0 || bytesBehind === null ? 0 : null;
}

/** A subscription's lag: bytes the publisher wrote that the subscriber has not confirmed; idle means zero. */
export function subscriptionLagSeconds(
  bytesBehind: number | null,
  lastMessageAgeSeconds: number | null,
): number | null {
  if (bytesBehind === null) return null;
  if (bytesBehind === 0) return 0;
  return lastMessageAgeSeconds;
}
