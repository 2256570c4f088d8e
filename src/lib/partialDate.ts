/**
 * Partial dates: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, the form giving the precision. Stored as the
 * first day of the period (UTC) plus the precision.
 */
export type DatePrecision = 'DAY' | 'MONTH' | 'YEAR';

export interface PartialDateValue {
  date: Date;
  precision: DatePrecision;
}

const FORM = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Parses a partial date; throws RangeError naming the problem when it isn't one. */
export function parsePartialDate(input: string): PartialDateValue {
  const m = FORM.exec(input);
  if (!m) throw new RangeError(`"${input}" is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD`);
  const [, y, mo, d] = m;
  const year = Number(y);
  const month = mo ? Number(mo) : 1;
  const day = d ? Number(d) : 1;
  if (month < 1 || month > 12) throw new RangeError(`"${input}" has no month ${month}`);
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new RangeError(`"${input}" is not a real calendar date`);
  }
  return { date, precision: d ? 'DAY' : mo ? 'MONTH' : 'YEAR' };
}

/** Formats a stored (date, precision) pair back to its partial-date string. */
export function formatPartialDate(date: Date, precision: DatePrecision): string {
  const iso = date.toISOString().slice(0, 10);
  return precision === 'YEAR' ? iso.slice(0, 4) : precision === 'MONTH' ? iso.slice(0, 7) : iso;
}
