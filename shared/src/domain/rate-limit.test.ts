import { takeToken } from './rate-limit';

const limit = { capacity: 3, perMinute: 6 }; // one token every 10 s

describe('token bucket', () => {
  it('allows a burst up to capacity, then refuses with the wait until the next token', () => {
    let bucket;
    for (let i = 0; i < 3; i++) {
      const d = takeToken(bucket, limit, 0);
      expect(d.allowed).toBe(true);
      bucket = d.bucket;
    }
    const refused = takeToken(bucket, limit, 0);
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 10 });
    expect(takeToken(refused.bucket, limit, 9_999).allowed).toBe(false);
    expect(takeToken(refused.bucket, limit, 10_000).allowed).toBe(true);
  });

  it('never refills beyond capacity', () => {
    const d = takeToken({ tokens: 0, updatedAt: 0 }, limit, 3_600_000);
    expect(d.bucket.tokens).toBe(2);
  });
});
