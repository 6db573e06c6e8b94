/** Everything the sampler reads from one node, in one round trip. */
export const NODE_SAMPLE_SQL = `
SELECT json_build_object(
  'in_recovery', pg_is_in_recovery(),
  'now', clock_timestamp(),
  'version', current_setting('server_version'),
  'current_lsn', CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn() END,
  'receive_lsn', pg_last_wal_receive_lsn(),
  'replay_lsn', pg_last_wal_replay_lsn(),
  'replay_ts', pg_last_xact_replay_timestamp(),
  'replication', (SELECT coalesce(json_agg(r), '[]') FROM (
      SELECT r.pid, r.application_name, r.client_addr::text AS client_addr, r.state, r.sent_lsn::text, r.write_lsn::text, r.flush_lsn::text,
             r.replay_lsn::text, extract(epoch FROM r.write_lag) AS write_lag, extract(epoch FROM r.flush_lag) AS flush_lag,
             extract(epoch FROM r.replay_lag) AS replay_lag, r.sync_state, s.slot_name
        FROM pg_stat_replication r LEFT JOIN pg_replication_slots s ON s.active_pid = r.pid) r),
  'wal_receiver', (SELECT row_to_json(w) FROM (
      SELECT status, flushed_lsn::text, latest_end_lsn::text, last_msg_send_time, last_msg_receipt_time, slot_name, sender_host, sender_port
        FROM pg_stat_wal_receiver) w),
  'subscriptions', (SELECT coalesce(json_agg(s), '[]') FROM (
      SELECT s.subname, s.subenabled, st.pid, st.received_lsn::text, st.latest_end_lsn::text, st.latest_end_time,
             extract(epoch FROM clock_timestamp() - st.last_msg_receipt_time) AS last_msg_age, ss.apply_error_count, ss.sync_error_count
        FROM pg_subscription s
        LEFT JOIN pg_stat_subscription st ON st.subid = s.oid AND st.relid IS NULL
        LEFT JOIN pg_stat_subscription_stats ss ON ss.subid = s.oid
       WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())) s),
  'slots', (SELECT coalesce(json_agg(sl), '[]') FROM (
      SELECT slot_name, slot_type, active, wal_status, safe_wal_size, confirmed_flush_lsn::text, restart_lsn::text
        FROM pg_replication_slots) sl)
) AS doc`;

export interface ReplicationRow {
  pid: number;
  application_name: string;
  client_addr: string | null;
  state: string | null;
  sent_lsn: string | null;
  write_lsn: string | null;
  flush_lsn: string | null;
  replay_lsn: string | null;
  write_lag: number | null;
  flush_lag: number | null;
  replay_lag: number | null;
  sync_state: string | null;
  slot_name: string | null;
}

export interface WalReceiverRow {
  status: string;
  flushed_lsn: string | null;
  latest_end_lsn: string | null;
  last_msg_send_time: string | null;
  last_msg_receipt_time: string | null;
  slot_name: string | null;
  sender_host: string | null;
  sender_port: number | null;
}

export interface SubscriptionRow {
  subname: string;
  subenabled: boolean;
  pid: number | null;
  received_lsn: string | null;
  latest_end_lsn: string | null;
  latest_end_time: string | null;
  last_msg_age: number | null;
  apply_error_count: number | null;
  sync_error_count: number | null;
}

export interface SlotRow {
  slot_name: string;
  slot_type: 'physical' | 'logical';
  active: boolean;
  wal_status: string | null;
  safe_wal_size: number | null;
  confirmed_flush_lsn: string | null;
  restart_lsn: string | null;
}

export interface HeartbeatRow {
  origin: string;
  seq: string;
  sent_at: string;
  arrived_at: string | null;
}

/** Heartbeat rows as this node has them (its own, and those that arrived from its publishers). */
export const HEARTBEAT_READ_SQL =
  'SELECT origin, seq::text AS seq, sent_at::text AS sent_at, arrived_at::text AS arrived_at FROM public.pgcascade_heartbeat';

/** The panel's write on a node that holds its own data: its heartbeat row, once a tick. */
export const HEARTBEAT_WRITE_SQL =
  'INSERT INTO public.pgcascade_heartbeat (origin, seq, sent_at) VALUES ($1, $2, clock_timestamp()) ON CONFLICT (origin) DO UPDATE SET seq = EXCLUDED.seq, sent_at = EXCLUDED.sent_at RETURNING (extract(epoch FROM sent_at) * 1000)::float8 AS sent_ms';

export interface NodeSample {
  in_recovery: boolean;
  now: string;
  version: string;
  current_lsn: string | null;
  receive_lsn: string | null;
  replay_lsn: string | null;
  replay_ts: string | null;
  replication: ReplicationRow[];
  wal_receiver: WalReceiverRow | null;
  subscriptions: SubscriptionRow[];
  slots: SlotRow[];
  heartbeats?: HeartbeatRow[];
}

/** The node's own position in the WAL: where it writes (primary) or what it has received (standby). */
export function headLsn(s: NodeSample): string | null {
  return s.in_recovery ? (s.receive_lsn ?? s.replay_lsn) : s.current_lsn;
}
