import { plainTitle, severitySubject, statusUpdateText } from './notify-text';

describe('notification subjects', () => {
  it.each([
    ['P1', 'Checkout down', '[P1] Checkout down'],
    ['P1', '[P1] Checkout down', '[P1] Checkout down'],
    ['P1', '[P1] [P1] Checkout down', '[P1] Checkout down'],
    // Another severity's prefix is part of the title (a re-rated incident named after its old rating).
    ['P0', '[P1] Checkout down', '[P0] [P1] Checkout down'],
    ['P2', '', '[P2] '],
  ])('%s + %j → %j', (severity, title, subject) => {
    expect(severitySubject(severity, title)).toBe(subject);
  });

  it('plainTitle drops only the leading prefix of the same severity', () => {
    expect(plainTitle('P3', '[P3] disk [P3] full')).toBe('disk [P3] full');
    expect(plainTitle('P3', 'disk full')).toBe('disk full');
  });
});

describe('a status update as #incidents reads it', () => {
  it.each([
    [
      {
        publicStatus: 'MONITORING',
        internalMessage: 'Rolled back v812',
        publicMessage: 'A fix is in place; we are watching.',
      },
      'Internal: Rolled back v812\nPublic (status page, Monitoring): A fix is in place; we are watching.',
    ],
    [
      { publicStatus: 'INVESTIGATING', internalMessage: 'Looking at db-1', publicMessage: null },
      'Internal: Looking at db-1\nPublic: nothing new on the status page.',
    ],
    [
      { publicStatus: 'IDENTIFIED', internalMessage: null, publicMessage: 'We found the cause.' },
      'Public (status page, Identified): We found the cause.',
    ],
  ] as const)('%j', (update, text) => {
    expect(statusUpdateText(update)).toBe(text);
  });

  it('an incident not on the status page told customers nothing: its public text is marked as not shown', () => {
    const update = {
      publicStatus: 'IDENTIFIED',
      internalMessage: 'Cache key bug',
      publicMessage: 'We found it.',
    } as const;
    expect(statusUpdateText(update, false)).toBe(
      'Internal: Cache key bug\nPublic text, not shown (the incident is not on the status page; Identified): We found it.',
    );
    expect(statusUpdateText({ ...update, publicMessage: null }, false)).toBe(
      'Internal: Cache key bug\nPublic: nothing new on the status page.',
    );
  });
});
