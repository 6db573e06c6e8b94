/** Topologies unlike the reference one, for the convergence suite: each on its own ports (55700+). */

const table = (name: string) => ({ name, columns: [{ name: 'id', type: 'bigserial', primaryKey: true }, { name: 'data', type: 'text' }] });
const nodes = (base: number, count: number) => Array.from({ length: count }, (_, i) => ({ name: `n${i + 1}`, port: base + i }));
const base = (name: string, port: number, count: number) => ({ name, provider: 'local', postgresVersion: 15, database: 'app', nodes: nodes(port, count) });

export interface FamilyMember {
  topology: Record<string, unknown>;
  /** Where a row inserted on `from` into `table` must show up. */
  flows: Array<{ from: string; table: string; to: string[] }>;
}

export const family: Record<string, FamilyMember> = {
  'three-level physical cascade under a subscriber': {
    topology: {
      ...base('cascade3', 55700, 5),
      tables: [table('items')],
      publications: [{ node: 'n1', name: 'pub_items', tables: ['items'] }],
      subscriptions: [{ node: 'n2', name: 'sub_items', publisher: 'n1', publications: ['pub_items'] }],
      standbys: [
        { node: 'n3', upstream: 'n2', slot: 'n3_slot' },
        { node: 'n4', upstream: 'n3', walArchive: true },
        { node: 'n5', upstream: 'n4' },
      ],
    },
    flows: [{ from: 'n1', table: 'items', to: ['n2', 'n3', 'n4', 'n5'] }],
  },
  'a physical standby of a publisher': {
    topology: {
      ...base('pubstandby', 55710, 3),
      tables: [table('orders')],
      publications: [{ node: 'n1', name: 'pub_orders', tables: ['orders'] }],
      subscriptions: [{ node: 'n3', name: 'sub_orders', publisher: 'n1', publications: ['pub_orders'] }],
      standbys: [{ node: 'n2', upstream: 'n1', walArchive: true }],
    },
    flows: [{ from: 'n1', table: 'orders', to: ['n2', 'n3'] }],
  },
  'seven nodes: three subscribers, a cascade and a standby of the publisher': {
    topology: {
      ...base('seven', 55720, 7),
      tables: [table('events')],
      publications: [{ node: 'n1', name: 'pub_events', tables: ['events'] }],
      subscriptions: ['n2', 'n3', 'n4'].map((n) => ({ node: n, name: `sub_events_${n}`, publisher: 'n1', publications: ['pub_events'] })),
      standbys: [
        { node: 'n5', upstream: 'n2' },
        { node: 'n6', upstream: 'n5' },
        { node: 'n7', upstream: 'n1' },
      ],
    },
    flows: [{ from: 'n1', table: 'events', to: ['n2', 'n3', 'n4', 'n5', 'n6', 'n7'] }],
  },
  'a node with several publications and subscriptions': {
    topology: {
      ...base('multi', 55730, 3),
      tables: [table('a'), table('b'), table('c')],
      publications: [
        { node: 'n1', name: 'pub_a', tables: ['a'] },
        { node: 'n1', name: 'pub_b', tables: ['b'] },
        { node: 'n2', name: 'pub_c', tables: ['c'] },
      ],
      subscriptions: [
        { node: 'n3', name: 'sub_ab', publisher: 'n1', publications: ['pub_a', 'pub_b'] },
        { node: 'n3', name: 'sub_c', publisher: 'n2', publications: ['pub_c'] },
        { node: 'n2', name: 'sub_a', publisher: 'n1', publications: ['pub_a'] },
      ],
    },
    flows: [
      { from: 'n1', table: 'a', to: ['n2', 'n3'] },
      { from: 'n1', table: 'b', to: ['n3'] },
      { from: 'n2', table: 'c', to: ['n3'] },
    ],
  },
  'tables using many column types': {
    topology: {
      ...base('types', 55740, 2),
      tables: [
        {
          name: 'typed',
          columns: [
            { name: 'id', type: 'uuid', primaryKey: true },
            { name: 'data', type: 'text' },
            { name: 'n', type: 'numeric(12, 3)' },
            { name: 'big', type: 'bigint' },
            { name: 'f', type: 'double precision' },
            { name: 'flag', type: 'boolean' },
            { name: 'at', type: 'timestamp with time zone' },
            { name: 'day', type: 'date' },
            { name: 'doc', type: 'jsonb' },
            { name: 'raw', type: 'bytea' },
            { name: 'tags', type: 'text[]' },
            { name: 'addr', type: 'inet' },
            { name: 'span', type: 'interval' },
            { name: 'code', type: 'varchar(20)' },
          ],
        },
      ],
      publications: [{ node: 'n1', name: 'pub_typed', tables: ['typed'] }],
      subscriptions: [{ node: 'n2', name: 'sub_typed', publisher: 'n1', publications: ['pub_typed'] }],
      standbys: [],
    },
    flows: [{ from: 'n1', table: 'typed', to: ['n2'] }],
  },
  'bidirectional pair with a guarded read replica': {
    topology: {
      ...base('pair', 55750, 3),
      tables: [table('left_side'), { ...table('right_side'), guardCopies: true }],
      publications: [
        { node: 'n1', name: 'pub_left', tables: ['left_side'] },
        { node: 'n2', name: 'pub_right', tables: ['right_side'] },
      ],
      subscriptions: [
        { node: 'n1', name: 'sub_right', publisher: 'n2', publications: ['pub_right'] },
        { node: 'n2', name: 'sub_left', publisher: 'n1', publications: ['pub_left'] },
        { node: 'n3', name: 'sub_right3', publisher: 'n2', publications: ['pub_right'] },
      ],
      standbys: [],
    },
    flows: [
      { from: 'n1', table: 'left_side', to: ['n2'] },
      { from: 'n2', table: 'right_side', to: ['n1', 'n3'] },
    ],
  },
  'one node, nothing replicated': {
    topology: { ...base('single', 55760, 1), tables: [table('solo')], publications: [], subscriptions: [], standbys: [] },
    flows: [],
  },
  'two standbys of one standby, the root publishing nothing': {
    topology: {
      ...base('fanout', 55770, 4),
      tables: [table('logs')],
      publications: [],
      subscriptions: [],
      standbys: [
        { node: 'n2', upstream: 'n1' },
        { node: 'n3', upstream: 'n2' },
        { node: 'n4', upstream: 'n2', walArchive: true },
      ],
    },
    flows: [{ from: 'n1', table: 'logs', to: ['n2', 'n3', 'n4'] }],
  },
};
