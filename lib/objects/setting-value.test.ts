import { describe, expect, it } from 'vitest';
import { canonicalSetting, sameSetting, showSetting, type LiveSetting } from './setting-value';

const live = (setting: string, vartype: string, unit: string | null = null): LiveSetting => ({ setting, vartype, unit, pendingRestart: false, sourceFile: null });

describe('setting values', () => {
  it('normalises memory and time units to base units', () => {
    expect(sameSetting('wal_keep_size', '512MB', live('512', 'integer', 'MB'))).toBe(true);
    expect(sameSetting('wal_keep_size', '1GB', live('1024', 'integer', 'MB'))).toBe(true);
    expect(sameSetting('shared_buffers', '128MB', live('16384', 'integer', '8kB'))).toBe(true);
    expect(sameSetting('wal_retrieve_retry_interval', '1s', live('1000', 'integer', 'ms'))).toBe(true);
    expect(sameSetting('wal_retrieve_retry_interval', '1min', live('60000', 'integer', 'ms'))).toBe(true);
    expect(sameSetting('wal_retrieve_retry_interval', '1s', live('5000', 'integer', 'ms'))).toBe(false);
    // A bare number is in the setting's own unit.
    expect(sameSetting('wal_keep_size', '512', live('512', 'integer', 'MB'))).toBe(true);
  });

  it('compares booleans and enums by meaning and case, strings exactly (lists without spaces)', () => {
    expect(sameSetting('hot_standby', 'on', live('true', 'bool'))).toBe(true);
    expect(sameSetting('hot_standby', 'off', live('on', 'bool'))).toBe(false);
    expect(sameSetting('wal_level', 'logical', live('Logical', 'enum'))).toBe(true);
    expect(sameSetting('listen_addresses', '10.0.0.1,localhost', live('10.0.0.1, localhost', 'string'))).toBe(true);
    expect(sameSetting('archive_command', 'cp %p /A/%f', live('cp %p /a/%f', 'string'))).toBe(false);
    expect(canonicalSetting('max_wal_senders', ' 15 ', { vartype: 'integer', unit: null })).toBe('15');
  });

  it('shows a value as SHOW does', () => {
    expect(showSetting(live('5000', 'integer', 'ms'))).toBe('5s');
    expect(showSetting(live('1024', 'integer', 'MB'))).toBe('1GB');
    expect(showSetting(live('16384', 'integer', '8kB'))).toBe('128MB');
    expect(showSetting(live('0', 'integer', 'MB'))).toBe('0');
    expect(showSetting(live('replica', 'enum'))).toBe('replica');
  });
});
