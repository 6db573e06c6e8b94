import { quoteLiteral } from '@/lib/postgres/quote';
import { subscriptionIn } from '../message';
import { code, type Entry } from './entry';

/** The cause after the wrapper, first line only. */
const reason = (m: RegExpExecArray) => (m[1] ?? '').split('\n')[0]!.trim();

// Used only when the cause inside the wrapper is not in the catalogue.
export const wrapperEntries: Entry[] = [
  {
    id: 'publisher-unreachable',
    isFallback: true,
    patterns: [/could not connect to the publisher: ?(.*)/],
    build: (m, text, hints) => {
      const sub = subscriptionIn(text) ?? hints.subscription;
      return {
        title: 'The subscriber cannot reach its publisher',
        meaning: `The subscription's connection to the publisher failed: ${reason(m)}`,
        fix: [
          `On the subscriber, read the connection string it uses: ${code(`SELECT subname, subconninfo FROM pg_subscription${sub ? ` WHERE subname = ${quoteLiteral(sub)}` : ''};`)}`,
          `From the subscriber, test it: ${code('psql "<that connection string>" -c "SELECT 1"')}`,
        ],
      };
    },
  },
  {
    id: 'primary-unreachable',
    isFallback: true,
    patterns: [/could not connect to the primary server: ?(.*)/],
    build: (m) => ({
      title: 'The standby cannot reach its upstream',
      meaning: `The standby's WAL receiver could not connect to its upstream server: ${reason(m)}`,
      fix: [
        `On the standby, read what it connects to: ${code('SHOW primary_conninfo;')} and ${code('SELECT status, sender_host, sender_port FROM pg_stat_wal_receiver;')}`,
        `From the standby, test it: ${code('psql "<primary_conninfo> dbname=postgres" -c "SELECT 1"')}`,
      ],
    }),
  },
];
