/**
 * Dates as the reader sees them: "28 November 2026", the en-GB long form. Written out by hand
 * because constructing an `Intl.DateTimeFormat` loads locale data on the main thread: on the
 * first load it was the largest single cost in evaluating the app's code (about 30 ms at 4×
 * CPU slowdown), ahead of any text needing it. A unit test checks the output against Intl.
 */
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/**
 * The day, month name and year of `iso`, in UTC (a publication date, the same for every
 * reader) or in the reader's own time zone (when they did something). An unreadable date gives
 * the empty string, never "Invalid Date".
 */
export function formatLongDate(iso: string, zone: 'utc' | 'local'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const [day, month, year] =
    zone === 'utc'
      ? [date.getUTCDate(), date.getUTCMonth(), date.getUTCFullYear()]
      : [date.getDate(), date.getMonth(), date.getFullYear()];
  return `${day} ${MONTHS[month] ?? ''} ${year}`;
}

/**
 * A moment the reader did not choose, in their own time zone: "14:05, 6 December 2026"; a date
 * with no time of day is the day alone, as published (in UTC).
 */
export function formatMoment(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return formatLongDate(iso, 'utc');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const time = [date.getHours(), date.getMinutes()]
    .map((part) => String(part).padStart(2, '0'))
    .join(':');
  return `${time}, ${formatLongDate(iso, 'local')}`;
}

/**
 * `updated`, when the story was updated after the reader last saw it (`seen`); else null. A
 * story never opened here is not "updated" for this reader: all of it is new to them.
 */
export function updatedSince(updated: string | undefined, seen: string | undefined): string | null {
  if (!updated || !seen) return null;
  const at = Date.parse(updated);
  const then = Date.parse(seen);
  return Number.isFinite(at) && Number.isFinite(then) && at > then ? updated : null;
}
