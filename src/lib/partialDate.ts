/**
 * Partial dates: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, the form giving the precision. News often knows
 * a date only to the month or year ("signed 100 years ago"), so such a date is stored as the first
 * day of its period (UTC) plus a precision column, and travels as the string form.
 *
 * Both directions are strict, because they also back the GraphQL `PartialDate` scalar: a value that
 * is not exactly one of the three forms, or names a day that does not exist, is rejected.
 */
export type DatePrecision = 'DAY' | 'MONTH' | 'YEAR';

export interface PartialDateValue {
  /** The first instant of the period, UTC midnight. */
  date: Date;
  precision: DatePrecision;
}

/** The three accepted forms, anchored (no whitespace, no time, no sign, exactly four year digits). */
export const PARTIAL_DATE_PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

const PRECISIONS: readonly DatePrecision[] = ['DAY', 'MONTH', 'YEAR'];

/** Parses a partial date; throws RangeError (TypeError for a non-string) naming the problem. */
export function parsePartialDate(input: string): PartialDateValue {
  if (typeof input !== 'string') throw new TypeError(`a partial date must be a string, got ${typeof input}`);
  const m = PARTIAL_DATE_PATTERN.exec(input);
  if (!m) throw new RangeError(`"${input}" is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD`);
  const [, y, mo, d] = m;
  const year = Number(y);
  const month = mo === undefined ? 1 : Number(mo);
  const day = d === undefined ? 1 : Number(d);
  // Year 0 exists in ISO 8601 but not in Postgres dates (1 BC is followed by AD 1).
  if (year < 1) throw new RangeError(`"${input}" has year 0000; years start at 0001`);
  if (month < 1 || month > 12) throw new RangeError(`"${input}" has no month ${mo}`);
  const date = utcDate(year, month, day);
  // Date.UTC rolls 2021-02-30 over to March 2; a round trip catches days that don't exist.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new RangeError(`"${input}" is not a real calendar date`);
  }
  return { date, precision: d !== undefined ? 'DAY' : mo !== undefined ? 'MONTH' : 'YEAR' };
}

/** True when `input` is a valid partial date (see parsePartialDate). */
export function isPartialDate(input: unknown): input is string {
  if (typeof input !== 'string') return false;
  try {
    parsePartialDate(input);
    return true;
  } catch {
    return false;
  }
}

/**
 * Formats a stored (date, precision) pair back to its partial-date string: the period containing
 * `date` (UTC), at that precision. Throws on an invalid Date, an unknown precision, or a year that
 * has no four-digit form, rather than serializing garbage.
 */
export function formatPartialDate(date: Date, precision: DatePrecision): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new TypeError('formatPartialDate needs a valid Date');
  if (!PRECISIONS.includes(precision)) throw new TypeError(`unknown date precision ${JSON.stringify(precision)}`);
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) throw new RangeError(`year ${year} cannot be written as a partial date`);
  const yyyy = String(year).padStart(4, '0');
  if (precision === 'YEAR') return yyyy;
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  if (precision === 'MONTH') return `${yyyy}-${mm}`;
  return `${yyyy}-${mm}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

/** The first day of the period as `YYYY-MM-DD`: what a Postgres `date` column stores. */
export function partialDateStart(input: string): string {
  return formatPartialDate(parsePartialDate(input).date, 'DAY');
}

function utcDate(year: number, month: number, day: number): Date {
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year, month - 1, day); // Date.UTC maps years 0–99 to 1900–1999
  return date;
}
