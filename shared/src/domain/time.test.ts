import { formatUtc, formatUtcTime } from './time';

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
