import { describe, expect, it } from 'vitest';
import {
  formatPartialDate,
  isPartialDate,
  parsePartialDate,
  partialDateStart,
  type DatePrecision,
} from '../src/lib/partialDate.js';

const utc = (y: number, m = 1, d = 1) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  date.setUTCFullYear(y);
  return date;
};

describe('parsePartialDate', () => {
  it.each<[string, Date, DatePrecision]>([
    ['2021', utc(2021), 'YEAR'],
    ['2021-06', utc(2021, 6), 'MONTH'],
    ['2021-06-15', utc(2021, 6, 15), 'DAY'],
    ['1921', utc(1921), 'YEAR'],
    ['2020-02-29', utc(2020, 2, 29), 'DAY'],
    ['2000-02-29', utc(2000, 2, 29), 'DAY'],
    ['9999-12-31', utc(9999, 12, 31), 'DAY'],
    ['0001-01-01', utc(1), 'DAY'],
  ])('%s → first day of the period, %s precision', (input, date, precision) => {
    const parsed = parsePartialDate(input);
    expect(parsed.precision).toBe(precision);
    expect(parsed.date.toISOString()).toBe(date.toISOString());
  });

  it('keeps years below 100 as they are (Date.UTC would map 50 to 1950)', () => {
    expect(parsePartialDate('0050-03').date.getUTCFullYear()).toBe(50);
    expect(parsePartialDate('0099').date.getUTCFullYear()).toBe(99);
  });

  it('returns UTC midnight whatever the process time zone', () => {
    const { date } = parsePartialDate('2021-09-27');
    expect([date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()]).toEqual([0, 0, 0, 0]);
  });

  it.each([
    '', '21', '202', '20210', '2021-1', '2021-1-01', '2021-01-1', '2021-001', '2021-13', '2021-00', '2021-01-00',
    '2021-04-31', '2021-02-29', '1900-02-29', '2021-02-30', '2021-06-15T00:00:00Z', '2021-06-15 ', ' 2021', '2021\n',
    '2021/06/15', '2021.06', '+2021', '-2021', '0000', '0000-01-01', 'abcd', '２０２１', '2021-06-15-01', '2021-', '2021-06-',
  ])('rejects %j', (input) => {
    expect(() => parsePartialDate(input)).toThrow(RangeError);
    expect(isPartialDate(input)).toBe(false);
  });

  it('rejects non-strings with a TypeError', () => {
    for (const v of [2021, null, undefined, new Date(), {}, ['2021']]) {
      expect(() => parsePartialDate(v as string)).toThrow(TypeError);
      expect(isPartialDate(v)).toBe(false);
    }
  });

  it('names the problem in its message', () => {
    expect(() => parsePartialDate('2021-13')).toThrow(/no month 13/);
    expect(() => parsePartialDate('2021-02-30')).toThrow(/not a real calendar date/);
    expect(() => parsePartialDate('June 2021')).toThrow(/YYYY, YYYY-MM or YYYY-MM-DD/);
  });
});

describe('formatPartialDate', () => {
  it('writes each precision', () => {
    const d = utc(2021, 6, 15);
    expect(formatPartialDate(d, 'DAY')).toBe('2021-06-15');
    expect(formatPartialDate(d, 'MONTH')).toBe('2021-06');
    expect(formatPartialDate(d, 'YEAR')).toBe('2021');
  });

  it('writes the period containing the date, in UTC', () => {
    expect(formatPartialDate(new Date('2021-06-30T23:59:59.999Z'), 'MONTH')).toBe('2021-06');
    expect(formatPartialDate(new Date('2021-06-15T22:00:00-05:00'), 'DAY')).toBe('2021-06-16');
  });

  it('pads small years to four digits', () => {
    expect(formatPartialDate(utc(50, 3), 'MONTH')).toBe('0050-03');
  });

  it('refuses what it cannot write', () => {
    expect(() => formatPartialDate(new Date(Number.NaN), 'DAY')).toThrow(TypeError);
    expect(() => formatPartialDate('2021-01-01' as unknown as Date, 'DAY')).toThrow(TypeError);
    expect(() => formatPartialDate(utc(2021), 'WEEK' as DatePrecision)).toThrow(TypeError);
    expect(() => formatPartialDate(utc(2021), null as unknown as DatePrecision)).toThrow(TypeError);
    expect(() => formatPartialDate(utc(10000), 'YEAR')).toThrow(RangeError);
    expect(() => formatPartialDate(new Date(Date.UTC(-1, 0, 1)), 'YEAR')).toThrow(RangeError);
  });

  it('round-trips every day of a leap year and a common year, and every month and year form', () => {
    for (const year of [2020, 2021, 1900, 2000]) {
      for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) {
        const s = new Date(t).toISOString().slice(0, 10);
        const { date, precision } = parsePartialDate(s);
        expect(formatPartialDate(date, precision)).toBe(s);
      }
    }
    for (const s of ['0001', '0999', '1992', '9999', '2021-01', '2021-12', '0001-01']) {
      const { date, precision } = parsePartialDate(s);
      expect(formatPartialDate(date, precision)).toBe(s);
    }
  });
});

describe('partialDateStart', () => {
  it('gives the first day of the period as a date column value', () => {
    expect(partialDateStart('1921')).toBe('1921-01-01');
    expect(partialDateStart('2021-06')).toBe('2021-06-01');
    expect(partialDateStart('2021-06-15')).toBe('2021-06-15');
  });
});
