import { describe, expect, it } from 'vitest';
import {
  bytesFromSize,
  everyInterval,
  formFromSettings,
  monitoringUpdate,
  sizeFromBytes,
  staleSampleSeconds,
  type MonitoringForm,
} from './monitoring-settings.utils';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const loaded: MonitoringForm = formFromSettings({ intervalSeconds: 1, thresholds: { lagSeconds: 10, retainedWalBytes: GiB } });

describe('sizeFromBytes and bytesFromSize', () => {
  it('shows GiB from 1 GiB up and MiB below, with at most three decimals', () => {
    expect(sizeFromBytes(GiB)).toEqual({ value: '1', unit: 'GiB' });
    expect(sizeFromBytes(1.5 * GiB)).toEqual({ value: '1.5', unit: 'GiB' });
    expect(sizeFromBytes(512 * MiB)).toEqual({ value: '512', unit: 'MiB' });
    expect(sizeFromBytes(1_000_000)).toEqual({ value: '0.954', unit: 'MiB' });
  });
  it('converts back to whole bytes', () => {
    expect(bytesFromSize(512, 'MiB')).toBe(512 * MiB);
    expect(bytesFromSize(2.5, 'GiB')).toBe(2.5 * GiB);
    expect(bytesFromSize(0.1, 'MiB')).toBe(104858);
  });
});

describe('formFromSettings', () => {
  it('fills the form from the server settings', () => {
    expect(loaded).toEqual({ intervalSeconds: '1', lagSeconds: '10', retainedWal: '1', retainedWalUnit: 'GiB' });
  });
});

describe('monitoringUpdate', () => {
  it('sends only what changed', () => {
    expect(monitoringUpdate(loaded, loaded)).toEqual({ update: {}, errors: {}, isChanged: false });
    expect(monitoringUpdate(loaded, { ...loaded, intervalSeconds: '5' }).update).toEqual({ intervalSeconds: 5 });
    expect(monitoringUpdate(loaded, { ...loaded, lagSeconds: '2,5' }).update).toEqual({
      thresholds: { lagSeconds: 2.5 },
    });
  });
  it('converts the retained WAL threshold to bytes, also when only the unit changed', () => {
    expect(monitoringUpdate(loaded, { ...loaded, retainedWal: '256', retainedWalUnit: 'MiB' }).update).toEqual({
      thresholds: { retainedWalBytes: 256 * MiB },
    });
    expect(monitoringUpdate(loaded, { ...loaded, retainedWalUnit: 'MiB' }).update).toEqual({
      thresholds: { retainedWalBytes: MiB },
    });
  });
  it('places a problem on each field, under the path the server uses', () => {
    const draft = monitoringUpdate(loaded, { intervalSeconds: '61', lagSeconds: '0', retainedWal: '', retainedWalUnit: 'GiB' });
    expect(Object.keys(draft.errors).sort()).toEqual([
      'intervalSeconds',
      'thresholds.lagSeconds',
      'thresholds.retainedWalBytes',
    ]);
    expect(monitoringUpdate(loaded, { ...loaded, intervalSeconds: '1.5' }).errors.intervalSeconds).toHaveLength(1);
    expect(monitoringUpdate(loaded, { ...loaded, lagSeconds: 'abc' }).errors['thresholds.lagSeconds']).toHaveLength(1);
    expect(
      monitoringUpdate(loaded, { ...loaded, retainedWal: '2000000' }).errors['thresholds.retainedWalBytes'],
    ).toHaveLength(1);
  });
});

describe('staleSampleSeconds', () => {
  it('keeps 10 s for fast sampling and allows two intervals for slow sampling', () => {
    expect(staleSampleSeconds(undefined)).toBe(10);
    expect(staleSampleSeconds(1)).toBe(10);
    expect(staleSampleSeconds(30)).toBe(62);
  });
});

describe('everyInterval', () => {
  it('reads as a sentence', () => {
    expect(everyInterval(undefined)).toBe('every second');
    expect(everyInterval(1)).toBe('every second');
    expect(everyInterval(5)).toBe('every 5 s');
  });
});
