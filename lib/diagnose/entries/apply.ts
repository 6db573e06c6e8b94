import { quoteLiteral } from '@/lib/postgres/quote';
import { parseApplyContext, parseKeyDetail, subscriptionIn, type ConflictingKey } from '../message';
import { sqlName, sqlRelation } from '../quote';
import type { DiagnosisAction } from '../types';
import { code, type Entry } from './entry';

/** `DELETE FROM t WHERE a = '1' AND b = 'x';` when every column and value is certain. */
function deleteConflict(relation: string, key: ConflictingKey | null): string | null {
  if (!key || key.values.length !== key.columns.length) return null;
  if (key.columns.some((c) => c.includes('('))) return null; // an expression index, not columns
  const where = key.columns.map((c, i) => `${sqlName(c)} = ${quoteLiteral(key.values[i]!)}`).join(' AND ');
  return `DELETE FROM ${sqlRelation(relation)} WHERE ${where};`;
}

/** Skip the remote transaction when its LSN is known, else at least stop the retries. */
function conflictAction(
  node: string | undefined,
  subscription: string | undefined,
  lsn: string | null,
): { action?: DiagnosisAction } {
  const who = { ...(node ? { node } : {}), ...(subscription ? { subscription } : {}) };
  if (lsn) return { action: { kind: 'skip-transaction', ...who, lsn } };
  return subscription ? { action: { kind: 'disable-subscription', ...who } } : {};
}

const keyText = (key: ConflictingKey | null) =>
  key ? `(${key.columns.join(', ')}) = (${key.values.join(', ')})` : 'the same key';

export const applyEntries: Entry[] = [
  {
    id: 'apply-duplicate-key',
    patterns: [/duplicate key value violates unique constraint "([^"]+)"/],
    build: (m, text, hints) => {
      const key = parseKeyDetail(text);
      const context = parseApplyContext(text);
      const copy = /COPY ([^,\n]+), line \d+/.exec(text);
      const sub = subscriptionIn(text) ?? hints.subscription;
      const subSql = sqlName(sub ?? '<subscription>');
      if (context) {
        const relation = context.relation ?? '<table>';
        const lsn = context.finishLsn;
        const remove = deleteConflict(relation, key);
        return {
          title: `${sub ? `Subscription ${sub}` : 'A subscription'} stops on a duplicate key in ${relation}`,
          meaning: `The publisher sent an ${context.messageType} (remote transaction ${context.transaction ?? '?'}${lsn ? `, finished at ${lsn}` : ''}) for a row whose key ${keyText(key)} already exists in the subscriber's ${relation}, usually because something wrote into the subscriber's copy. The apply worker retries the same transaction every few seconds and applies nothing after it until the conflict is resolved.`,
          fix: [
            remove
              ? `To keep the publisher's row, delete the subscriber's one; the worker applies the remote change on its next retry: ${code(remove)}`
              : `To keep the publisher's row, delete the subscriber's row with key ${keyText(key)} from ${relation}.`,
            `Or keep the subscriber's row and skip the whole remote transaction (every change in it, not only this row): ${code(`ALTER SUBSCRIPTION ${subSql} SKIP (lsn = ${quoteLiteral(lsn ?? '<finish LSN>')});`)}`,
            `Or stop the retries until you decide: ${code(`ALTER SUBSCRIPTION ${subSql} DISABLE;`)}`,
            'Then stop local writes into subscribed copies (only the apply worker should write there).',
          ],
          ...conflictAction(hints.node, sub, lsn),
        };
      }
      if (copy) {
        const table = copy[1]!.trim();
        const remove = deleteConflict(table, key);
        return {
          title: `Initial copy of ${table} stops on a duplicate key`,
          meaning: `The subscription's table synchronization copies the publisher's rows into ${table}, but the subscriber already has a row with key ${keyText(key)}. The copy is retried every few seconds; SKIP does not apply to the initial copy.`,
          fix: [
            remove
              ? `Delete the subscriber's conflicting row: ${code(remove)}`
              : `Delete the subscriber's row with key ${keyText(key)}.`,
            `Or, if the subscriber's copy should just mirror the publisher, empty it: ${code(`TRUNCATE ${sqlName(table)};`)} (the message names the table without its schema).`,
          ],
        };
      }
      return {
        title: `Duplicate key in ${m[1]}`,
        meaning: `A row with key ${keyText(key)} already exists, so the insert or update violates unique constraint ${m[1]}.`,
        fix: [
          'Find the existing row and decide which one to keep, or make the step insert only rows that are missing (ON CONFLICT DO NOTHING).',
        ],
      };
    },
  },
  {
    id: 'no-replica-identity',
    patterns: [
      /cannot (update|delete from) table "([^"]+)" because it does not have a replica identity and publishes (?:updates|deletes)/,
    ],
    build: (m) => {
      const table = sqlName(m[2]!);
      const verb = m[1] === 'update' ? 'UPDATE' : 'DELETE';
      return {
        title: `${m[2]} has no replica identity`,
        meaning: `${m[2]} is in a publication that publishes ${verb}s, but has no primary key or replica identity, so the publisher cannot tell subscribers which row changed and refuses every ${verb} on it. INSERTs still work.`,
        fix: [
          `Best: give it a primary key: ${code(`ALTER TABLE ${table} ADD PRIMARY KEY (<column>);`)}`,
          `Or use an existing unique index on NOT NULL columns: ${code(`ALTER TABLE ${table} REPLICA IDENTITY USING INDEX <index>;`)} (list them: ${code(`SELECT indexrelid::regclass FROM pg_index WHERE indrelid = ${quoteLiteral(table)}::regclass AND indisunique;`)})`,
          `Or send whole rows (slower: the subscriber scans for each change): ${code(`ALTER TABLE ${table} REPLICA IDENTITY FULL;`)}`,
        ],
      };
    },
  },
];
