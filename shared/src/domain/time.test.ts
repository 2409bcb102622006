import { formatUtc, formatUtcInput, formatUtcTime, parseUtcInput } from './time';

describe('formatUtc', () => {
  it.each([
    ['2026-12-04T01:01:40.028Z', '2026-12-04 01:01 UTC'],
    ['2026-12-04T23:59:59.999Z', '2026-12-04 23:59 UTC'],
    ['2026-01-01T00:00:00.000Z', '2026-01-01 00:00 UTC'],
    ['2026-07-15T13:05:00.000+02:00', '2026-07-15 11:05 UTC'],
  ])('%s reads %s', (iso, text) => {
    expect(formatUtc(new Date(iso))).toBe(text);
  });
});

describe('formatUtcTime', () => {
  it.each([
    ['2026-12-04T01:01:40.028Z', '01:01:40'],
    ['2026-12-04T23:59:59.999Z', '23:59:59'],
    ['2026-12-05T00:00:00.000Z', '00:00:00'],
    ['2026-12-04T12:00:00.000Z', '12:00:00'],
    ['2026-07-15T13:05:09.000+02:00', '11:05:09'],
  ])('%s reads %s', (iso, text) => {
    expect(formatUtcTime(new Date(iso))).toBe(text);
  });

  it('reads an ISO string as the same moment as its Date, in both formats', () => {
    for (const iso of ['2026-02-28T23:59:59.999Z', '2028-02-29T00:00:00.000Z', '2026-12-31T23:59:00.000-01:00']) {
      expect(formatUtcTime(iso)).toBe(formatUtcTime(new Date(iso)));
      expect(formatUtc(iso)).toBe(formatUtc(new Date(iso)));
    }
    expect(formatUtc('2026-12-31T23:59:00.000-01:00')).toBe('2027-01-01 00:59 UTC');
    expect(formatUtc('2028-02-29T00:00:00.000Z')).toBe('2028-02-29 00:00 UTC');
  });
});

describe('parseUtcInput', () => {
  it.each([
    ['2026-12-04 15:08', '2026-12-04T15:08:00.000Z'],
    ['2026-12-04T15:08', '2026-12-04T15:08:00.000Z'],
    ['  2026-12-04 15:08  ', '2026-12-04T15:08:00.000Z'],
    ['2026-12-04 15:08:27', '2026-12-04T15:08:27.000Z'],
    ['2026-12-04 15:08 UTC', '2026-12-04T15:08:00.000Z'],
    ['2026-12-04 15:08 utc', '2026-12-04T15:08:00.000Z'],
    ['2026-12-04T15:08:27Z', '2026-12-04T15:08:27.000Z'],
    ['2026-12-04 7:05', '2026-12-04T07:05:00.000Z'],
    ['2026-12-04 00:00', '2026-12-04T00:00:00.000Z'],
    ['2028-02-29 23:59', '2028-02-29T23:59:00.000Z'],
  ])('%j is %s', (text, iso) => {
    expect(parseUtcInput(text)).toEqual({ ok: true, at: new Date(iso) });
  });

  it.each([
    ['', 'Write the time as YYYY-MM-DD HH:MM'],
    ['12/04/2026, 03:08 PM', 'Write the time as YYYY-MM-DD HH:MM'],
    ['2026-12-04 3:08 PM', 'Write the time as YYYY-MM-DD HH:MM'],
    ['2026-12-04', 'Write the time as YYYY-MM-DD HH:MM'],
    ['2026-12-04 15:08+02:00', 'Write the time as YYYY-MM-DD HH:MM'],
    ['2026-02-30 10:00', 'There is no such time: 2026-02-30 10:00.'],
    ['2026-02-29 10:00', 'There is no such time: 2026-02-29 10:00.'],
    ['2026-12-04 24:00', 'There is no such time: 2026-12-04 24:00.'],
    ['2026-12-04 15:60', 'There is no such time: 2026-12-04 15:60.'],
    ['2026-13-01 10:00', 'There is no such time: 2026-13-01 10:00.'],
  ])('%j is refused: %s…', (text, error) => {
    const read = parseUtcInput(text);
    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.error).toContain(error);
  });

  it('reads back every value formatUtcInput and formatUtc show', () => {
    for (const iso of ['2026-12-04T01:01:00.000Z', '2026-12-31T23:59:00.000Z', '2028-02-29T12:00:00.000Z']) {
      expect(parseUtcInput(formatUtcInput(iso))).toEqual({ ok: true, at: new Date(iso) });
      expect(parseUtcInput(formatUtc(iso))).toEqual({ ok: true, at: new Date(iso) });
    }
  });

  it('reads back formatUtcInput to the second when asked for seconds', () => {
    for (const iso of ['2026-12-04T01:01:07.000Z', '2026-12-31T23:59:59.000Z', '2028-02-29T12:00:00.000Z']) {
      expect(parseUtcInput(formatUtcInput(iso, 'seconds'))).toEqual({ ok: true, at: new Date(iso) });
    }
    expect(formatUtcInput('2026-12-04T15:08:27.450Z', 'seconds')).toBe('2026-12-04 15:08:27');
    expect(formatUtcInput('2026-12-04T15:08:27.450Z')).toBe('2026-12-04 15:08');
  });
});
