import { describe, expect, it } from 'vitest';
import { lastConfValue, parseConninfo } from './conninfo';
import { renderConninfo } from './sql';

describe('parseConninfo', () => {
  it('reads quoted and plain values, escapes included, and round-trips what pgcascade renders', () => {
    expect(parseConninfo("host=10.0.0.1 port=5432 password='a b\\'c\\\\' user = u")).toEqual({ host: '10.0.0.1', port: '5432', password: "a b'c\\", user: 'u' });
    const c = { host: 'h', port: 1, dbname: 'd', user: 'pgcascade_logical', password: "p' x\\y" };
    expect(parseConninfo(renderConninfo(c))).toEqual({ ...c, port: '1' });
  });
});

describe('lastConfValue', () => {
  it('takes the last line of a key, as PostgreSQL does (a clone of a standby has two primary_conninfo lines)', () => {
    const auto = "primary_conninfo = 'host=a port=1'\nprimary_slot_name = 's1'\nprimary_conninfo = 'host=b port=2 application_name=''x'''\n";
    expect(lastConfValue(auto, 'primary_conninfo')).toBe("host=b port=2 application_name='x'");
    expect(lastConfValue(auto, 'primary_slot_name')).toBe('s1');
    expect(lastConfValue(auto, 'restore_command')).toBeNull();
  });
});
