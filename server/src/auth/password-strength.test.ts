import crypto from 'node:crypto';
import { PasswordStrength } from './password-strength';

const estimateStrength = new PasswordStrength().estimate;

/** CPU time of a synchronous call: unlike wall-clock time, a busy machine does not inflate it. */
function cpuMs(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

describe('the password strength estimate', () => {
  it('judges a long random password without holding the event loop for seconds', () => {
    estimateStrength('warm up the dictionaries', []);
    // 200 characters of base64: zxcvbn with its defaults spent 1.6 s of blocked event loop on these.
    const long = crypto.randomBytes(150).toString('base64').slice(0, 200);
    let estimate: ReturnType<typeof estimateStrength> | null = null;
    expect(cpuMs(() => (estimate = estimateStrength(long, ['Ana', 'Ortiz'])))).toBeLessThan(500);
    expect(estimate!.score).toBe(4);
  });

  it('still catches a common password behind l33t substitutions', () => {
    expect(estimateStrength('p4ssw0rd1234', []).score).toBeLessThan(3);
  });
});
