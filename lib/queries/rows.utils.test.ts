import { describe, expect, it } from 'vitest';
import { arrivalCell, latestRows, observeRows } from './rows.utils';

const rows = (...ids: string[]) => ({ rows: ids.map((id) => ({ id, data: `row ${id}` })) });

describe('observeRows', () => {
  it('marks rows of the first poll as baseline and records first sightings afterwards', () => {
    const first = observeRows(undefined, { vm1: rows('1'), vm2: rows() }, 1000);
    expect(first.baseline).toEqual({ '1': true });
    const second = observeRows(first, { vm1: rows('2', '1'), vm2: rows('1') }, 1700);
    expect(second.baseline).toEqual({ '1': true });
    expect(second.firstSeen).toEqual({ '1': { vm1: 1000, vm2: 1700 }, '2': { vm1: 1700 } });
    const third = observeRows(second, { vm1: rows('2', '1'), vm2: rows('2', '1') }, 2400);
    expect(third.firstSeen['2']).toEqual({ vm1: 1700, vm2: 2400 });
  });

  it('does not mutate the previous observations', () => {
    const first = observeRows(undefined, { vm1: rows() }, 1000);
    observeRows(first, { vm1: rows('1') }, 1700);
    expect(first.firstSeen).toEqual({});
  });
});

describe('arrivalCell', () => {
  const obs = observeRows(
    observeRows(undefined, { vm1: rows('1'), vm4: rows('1') }, 1000),
    { vm1: rows('2', '1'), vm4: rows('1') },
    1500,
  );
  const later = observeRows(obs, { vm1: rows('2', '1'), vm4: rows('2', '1') }, 2234);

  it('shows the time from the insert to the first sighting', () => {
    expect(arrivalCell(later, '2', 'vm4', { node: 'vm1', t0: 1400 }, true)).toEqual({
      kind: 'arrived',
      ms: 834,
    });
  });
  it('shows the origin node as such', () => {
    expect(arrivalCell(later, '2', 'vm1', { node: 'vm1', t0: 1400 }, true)).toEqual({ kind: 'origin' });
  });
  it('never shows a negative time', () => {
    expect(arrivalCell(later, '2', 'vm4', { node: 'vm1', t0: 9000 }, true)).toEqual({
      kind: 'arrived',
      ms: 0,
    });
  });
  it('shows rows from before the page opened without a time', () => {
    expect(arrivalCell(later, '1', 'vm4', undefined, true)).toEqual({ kind: 'present' });
  });
  it('waits on nodes that receive the table, and says so for those that do not', () => {
    expect(arrivalCell(obs, '2', 'vm4', { node: 'vm1', t0: 1400 }, true)).toEqual({ kind: 'waiting' });
    expect(arrivalCell(obs, '2', 'vm9', { node: 'vm1', t0: 1400 }, false)).toEqual({
      kind: 'not-replicated',
    });
  });
});

describe('latestRows', () => {
  it('merges inserted and polled rows, newest first by numeric id', () => {
    const obs = observeRows(undefined, { vm1: rows('9', '10'), vm2: rows('2') }, 1);
    expect(latestRows(obs, { '11': { id: '11', data: 'new' } }, 3).map((r) => r.id)).toEqual([
      '11',
      '10',
      '9',
    ]);
  });
});
