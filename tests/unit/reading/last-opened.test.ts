import { renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { markOpened, useLastOpened } from '../../../src/features/reading/last-opened';
import { formatMoment, updatedSince } from '../../../src/lib/dates';

afterEach(() => {
  localStorage.clear();
  vi.restoreAllMocks();
});

describe('updated since the reader last opened a story', () => {
  it('is the update time only when it is later than the last visit', () => {
    expect(updatedSince('2026-12-06T10:00:00Z', '2026-12-06T09:00:00Z')).toBe(
      '2026-12-06T10:00:00Z',
    );
    expect(updatedSince('2026-12-06T08:00:00Z', '2026-12-06T09:00:00Z')).toBeNull();
    // Never opened here: all of it is new to this reader, not "updated".
    expect(updatedSince('2026-12-06T10:00:00Z', undefined)).toBeNull();
    expect(updatedSince(undefined, '2026-12-06T09:00:00Z')).toBeNull();
    expect(updatedSince('not a date', '2026-12-06T09:00:00Z')).toBeNull();
  });

  it('remembers when each story was opened, across hooks and tabs', () => {
    const { result } = renderHook(() => useLastOpened());
    expect(result.current).toEqual({});
    markOpened('a', new Date('2026-12-06T09:00:00Z'));
    const { result: again } = renderHook(() => useLastOpened());
    expect(again.current).toEqual({ a: '2026-12-06T09:00:00.000Z' });
  });

  it('reads damaged storage as nothing opened, and survives storage that refuses', () => {
    localStorage.setItem('dispatch:opened', '{"a": 5, "b": "yesterday", "c": "2026-12-06"');
    markOpened('d', new Date('2026-12-06T09:00:00Z'));
    expect(JSON.parse(localStorage.getItem('dispatch:opened')!)).toEqual({
      d: '2026-12-06T09:00:00.000Z',
    });
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    expect(() => markOpened('e')).not.toThrow();
  });
});

describe('formatMoment', () => {
  it('gives the time and day in the reader’s zone, or the day alone when that is all', () => {
    const moment = new Date(2026, 11, 6, 14, 5).toISOString();
    expect(formatMoment(moment)).toBe('14:05, 6 December 2026');
    expect(formatMoment('2026-12-06')).toBe('6 December 2026');
    expect(formatMoment('nonsense')).toBe('');
  });
});
