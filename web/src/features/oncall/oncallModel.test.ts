import { overrideText, rotationText } from './oncallModel';

describe('words', () => {
  it.each([
    ['REPLACE', 'Ann', 'Bob', 'Ann replaces Bob'],
    ['REPLACE', 'Ann', null, 'Ann replaces someone'],
    ['ADD', 'Ann', null, 'Ann added'],
    ['REMOVE', 'Bob', null, 'Bob removed'],
  ] as const)('%s %s %s', (kind, user, replaced, text) => expect(overrideText(kind, user, replaced)).toBe(text));
  it.each([
    [
      { shiftUnit: 'WEEKLY', shiftCount: 1, handoffTime: '09:00', timeZone: 'Europe/Paris' },
      'every 1 week, hand-off 09:00 Europe/Paris',
    ],
    [
      { shiftUnit: 'HOURLY', shiftCount: 12, handoffTime: '00:00', timeZone: 'UTC' },
      'every 12 hours, hand-off 00:00 UTC',
    ],
  ] as const)('%p', (r, text) => expect(rotationText(r)).toBe(text));
});
