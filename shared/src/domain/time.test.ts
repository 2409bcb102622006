import { formatUtc } from './time';

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
