/**
 * Sequences are not carried by logical replication: how far each subscriber's copy is behind its publisher's, and
 * the setval that brings it forward. The SQL beside its parser; pure.
 */

/** Every user sequence of the database with its last value (null before its first nextval). */
export const SEQUENCES_SQL = `
SELECT format('%s.%s', schemaname, sequencename) AS sequence, last_value::text AS last
  FROM pg_sequences WHERE schemaname !~ '^pg_' AND schemaname <> 'information_schema' ORDER BY 1`;

/** Move a sequence forward to `$3` (never back). `$1`, `$2`: schema and name. */
export const SETVAL_SQL = `SELECT setval(format('%I.%I', $1::text, $2::text)::regclass, $3::bigint, true)`;

export interface SequenceValue {
  sequence: string;
  last: string | null;
}

export interface SequenceLag {
  /** `schema.name`. */
  sequence: string;
  publisherValue: number | null;
  subscriberValue: number | null;
  /** How many values the subscriber's copy is behind (0 when level or ahead). */
  behind: number;
}

/** The sequences both nodes have, with how far the subscriber's is behind. */
export function sequenceLag(publisher: SequenceValue[], subscriber: SequenceValue[]): SequenceLag[] {
  const theirs = new Map(subscriber.map((s) => [s.sequence, s.last === null ? null : Number(s.last)]));
  return publisher
    .filter((p) => theirs.has(p.sequence))
    .map((p) => {
      const publisherValue = p.last === null ? null : Number(p.last);
      const subscriberValue = theirs.get(p.sequence) ?? null;
      return { sequence: p.sequence, publisherValue, subscriberValue, behind: Math.max(0, (publisherValue ?? 0) - (subscriberValue ?? 0)) };
    });
}

/** What to set each lagging sequence to: the publisher's value plus `margin`, only where that moves it forward. */
export function sequenceTargets(lags: SequenceLag[], margin: number): Array<{ sequence: string; schema: string; name: string; value: number }> {
  return lags.flatMap((l) => {
    if (l.publisherValue === null) return [];
    const value = l.publisherValue + margin;
    if (l.subscriberValue !== null && l.subscriberValue >= value) return [];
    const dot = l.sequence.indexOf('.');
    return [{ sequence: l.sequence, schema: l.sequence.slice(0, dot), name: l.sequence.slice(dot + 1), value }];
  });
}
