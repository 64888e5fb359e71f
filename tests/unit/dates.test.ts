// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLongDate } from '../../src/lib/dates';

describe('formatLongDate', () => {
  it('writes the en-GB long date', () => {
    expect(formatLongDate('2024-02-24T09:30:00Z', 'utc')).toBe('24 February 2024');
    expect(formatLongDate('2026-11-28', 'utc')).toBe('28 November 2026');
  });

  it('takes the day in UTC or in the local zone, as asked', () => {
    const lateUtc = '2024-12-31T23:30:00Z';
    expect(formatLongDate(lateUtc, 'utc')).toBe('31 December 2024');
    const local = new Date(lateUtc);
    expect(formatLongDate(lateUtc, 'local')).toBe(
      new Intl.DateTimeFormat('en-GB', { dateStyle: 'long' }).format(local),
    );
  });

  it('gives nothing for a date it cannot read', () => {
    expect(formatLongDate('not a date', 'utc')).toBe('');
    expect(formatLongDate('', 'local')).toBe('');
  });

  it('matches Intl.DateTimeFormat for any date of four-digit years, in both zones', () => {
    const utc = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });
    const local = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long' });
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1000-01-02T00:00:00Z'),
          max: new Date('9999-12-30T00:00:00Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const iso = date.toISOString();
          expect(formatLongDate(iso, 'utc')).toBe(utc.format(date));
          expect(formatLongDate(iso, 'local')).toBe(local.format(date));
        },
      ),
      { numRuns: 500 },
    );
  });
});
