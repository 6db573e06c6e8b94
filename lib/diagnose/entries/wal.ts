import { quoteLiteral } from '@/lib/postgres/quote';
import { subscriptionIn } from '../message';
import { sqlName } from '../quote';
import type { DiagnoseHints } from '../types';
import { code, type Entry } from './entry';

const RESTART = `Restart that server (${code('sudo systemctl restart postgresql@15-main')} or ${code('pg_ctl restart -D <data directory>')}); wal_level needs a restart.`;

/**
 * Physical unless a subscription is involved: the text names one, speaks of logical decoding, or is the apply
 * worker's `ERROR:  could not start WAL streaming` (a standby logs the same as FATAL).
 */
const isLogical = (text: string, hints: DiagnoseHints) =>
  !!hints.subscription ||
  /subscription|publisher|logical|pgoutput|get changes|^ERROR:\s+could not start WAL streaming/im.test(text);

export const walEntries: Entry[] = [
  {
    id: 'wal-level-not-logical',
    patterns: [
      /wal_level is insufficient to publish logical changes/,
      /logical decoding requires wal_level >= logical/,
    ],
    build: (_m, text) => ({
      title: 'wal_level is not logical on the publisher',
      meaning: `Logical replication decodes the publisher's WAL, which needs wal_level = logical. ${/could not create replication slot/.test(text) ? 'The subscriber asked the publisher for a slot and the publisher refused.' : 'This server writes too little WAL to publish changes.'}`,
      fix: [
        `On the publisher: ${code("ALTER SYSTEM SET wal_level = 'logical';")}`,
        RESTART,
        `Check: ${code('SHOW wal_level;')} says logical, then retry the step.`,
      ],
    }),
  },
  {
    id: 'wal-level-minimal',
    patterns: [/replication slots can only be used if (wal_level >= replica|max_replication_slots > 0)/],
    build: (m) => ({
      title: m[1]!.startsWith('wal') ? 'wal_level is minimal' : 'max_replication_slots is 0',
      meaning:
        'This server cannot keep replication slots: they need wal_level replica (logical for a publisher) and max_replication_slots above 0.',
      fix: [
        `On this server: ${code("ALTER SYSTEM SET wal_level = 'replica';")} (${code("'logical'")} if it publishes), ${code('ALTER SYSTEM SET max_wal_senders = 10;')} and ${code('ALTER SYSTEM SET max_replication_slots = 10;')}`,
        RESTART,
      ],
    }),
  },
  {
    id: 'slots-exhausted',
    patterns: [/all replication slots are in use/],
    // configuration_limit_exceeded: also how a server in another language says it.
    sqlstates: ['53400'],
    build: (_m, _text, hints) => ({
      title: `No replication slot left${hints.node ? ` on ${hints.node}` : ''}`,
      meaning: 'Every slot max_replication_slots allows is taken, so a new subscription or standby cannot get one. Slots nobody consumes any more also hold WAL back.',
      fix: [
        `See who holds them: ${code('SELECT slot_name, slot_type, active FROM pg_replication_slots;')}`,
        `Drop a slot nobody uses (${code("SELECT pg_drop_replication_slot('…');")}), or remove its subscription or standby from the topology and apply: pgcascade drops the slots of what it removes.`,
        `Or raise ${code('max_replication_slots')} (and ${code('max_wal_senders')}) and restart.`,
      ],
    }),
  },
  {
    id: 'slot-missing',
    patterns: [/replication slot "([^"]+)" does not exist/],
    build: (m, text, hints) => {
      const slot = m[1]!;
      if (!isLogical(text, hints))
        return {
          title: `Physical slot ${slot} is missing`,
          meaning: `The standby streams through primary_slot_name = '${slot}', but the upstream has no slot of that name (dropped, or never created), so it refuses to stream.`,
          fix: [
            `On the upstream: ${code(`SELECT pg_create_physical_replication_slot(${quoteLiteral(slot)}, true);`)}`,
            'The standby retries every 5 s. If it then reports that a WAL segment was already removed, it was away too long: clone it again.',
          ],
        };
      const sub = subscriptionIn(text) ?? hints.subscription ?? slot;
      return {
        title: `Logical slot ${slot} is missing on the publisher`,
        meaning: `Subscription ${sub} streams from slot ${slot}, which no longer exists on the publisher. Changes committed while it was missing were not kept for this subscriber.`,
        fix: [
          `On the publisher: ${code(`SELECT pg_create_logical_replication_slot(${quoteLiteral(slot)}, 'pgoutput');`)}`,
          `On the subscriber: ${code(`ALTER SUBSCRIPTION ${sqlName(sub)} ENABLE;`)}`,
          'Compare row counts between publisher and subscriber; if rows are missing, re-copy the tables (truncate the subscriber copies, drop and recreate the subscription with copy_data = true).',
        ],
      };
    },
  },
  {
    id: 'slot-invalidated',
    patterns: [
      /can no longer get changes from replication slot "([^"]+)"/,
      /cannot read from logical replication slot "([^"]+)"(?=[\s\S]*invalidated)/,
      /This slot has been invalidated because it exceeded the maximum reserved size/,
    ],
    build: (m, text, hints) => {
      const slot = m[1] ?? subscriptionIn(text) ?? hints.subscription ?? '<slot>';
      const sub = subscriptionIn(text) ?? hints.subscription ?? slot;
      const meaning = `Slot ${slot} fell further behind than max_slot_wal_keep_size allows, so the publisher removed the WAL it needed and invalidated it (wal_status = lost). It can never be used again, and its consumer has missed changes.`;
      if (!isLogical(text, hints))
        return {
          title: `Slot ${slot} is lost`,
          meaning,
          fix: [
            `On the upstream: ${code(`SELECT pg_drop_replication_slot(${quoteLiteral(slot)});`)}`,
            'Clone the standby again (pg_basebackup with -C -S to recreate the slot); it cannot catch up from here.',
            `Keep max_slot_wal_keep_size large enough for the longest outage you expect: ${code("ALTER SYSTEM SET max_slot_wal_keep_size = '10GB';")} then ${code('SELECT pg_reload_conf();')}`,
          ],
        };
      return {
        title: `Slot ${slot} is lost: subscription ${sub} cannot continue`,
        meaning,
        fix: [
          `On the subscriber, detach and drop the subscription: ${code(`ALTER SUBSCRIPTION ${sqlName(sub)} DISABLE;`)} ${code(`ALTER SUBSCRIPTION ${sqlName(sub)} SET (slot_name = NONE);`)} ${code(`DROP SUBSCRIPTION ${sqlName(sub)};`)}`,
          `On the publisher: ${code(`SELECT pg_drop_replication_slot(${quoteLiteral(slot)});`)}`,
          'Truncate the subscriber copies of the published tables and re-apply the topology: the subscription is recreated and copies the data again.',
          `Keep max_slot_wal_keep_size large enough for the longest outage you expect: ${code("ALTER SYSTEM SET max_slot_wal_keep_size = '10GB';")}`,
        ],
      };
    },
  },
];
