import { plainTitle, severitySubject } from './notify-text';

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
