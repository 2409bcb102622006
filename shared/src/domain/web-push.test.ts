import { DomainError } from './errors';
import {
  MAX_PUSH_PAYLOAD_BYTES,
  PushPayload,
  assertPushSubscription,
  pushPayloadJson,
  pushVerdict,
  responderViewUrl,
} from './web-push';

// A real browser's key shape: 65 bytes starting 0x04 → 87 base64url characters starting "B"; auth: 16 bytes → 22.
const P256DH = `B${'A'.repeat(86)}`;
const AUTH = 'A'.repeat(22);
const ok = { endpoint: 'https://push.example.net/send/abc', p256dh: P256DH, auth: AUTH };

function fieldOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof DomainError ? (e.field ?? '?') : 'not a DomainError';
  }
}

describe('a push subscription', () => {
  it('is taken as the browser gives it, trimmed, padded or not', () => {
    expect(assertPushSubscription({ ...ok, endpoint: ` ${ok.endpoint} ` })).toEqual(ok);
    expect(assertPushSubscription({ ...ok, p256dh: `${P256DH}=`, auth: `${AUTH}==` }).auth).toBe(`${AUTH}==`);
  });

  it.each<[string, Partial<typeof ok>, string]>([
    ['an endpoint that is not a URL', { endpoint: 'push me' }, 'endpoint'],
    ['an endpoint that is not http(s)', { endpoint: 'ftp://push.example.net/x' }, 'endpoint'],
    ['an endpoint over 500 characters', { endpoint: `https://push.example.net/${'x'.repeat(480)}` }, 'endpoint'],
    ['a key one byte short', { p256dh: `B${'A'.repeat(84)}` }, 'p256dh'],
    ['a compressed key (not starting 0x04)', { p256dh: `A${'A'.repeat(86)}` }, 'p256dh'],
    ['a key in standard base64', { p256dh: `B${'+'.repeat(86)}` }, 'p256dh'],
    ['an auth secret of 15 bytes', { auth: 'A'.repeat(20) }, 'auth'],
    ['an empty auth secret', { auth: '' }, 'auth'],
  ])('refuses %s, naming the field', (_name, patch, field) => {
    expect(fieldOf(() => assertPushSubscription({ ...ok, ...patch }))).toBe(field);
  });

  it('takes an endpoint of exactly 500 characters', () => {
    const endpoint = `https://push.example.net/${'x'.repeat(500 - 25)}`;
    expect(endpoint).toHaveLength(500);
    expect(fieldOf(() => assertPushSubscription({ ...ok, endpoint }))).toBeNull();
  });
});

describe("a push service's answer", () => {
  it.each<[number | null, string | null, boolean, PushVerdictOutcome]>([
    [201, null, false, 'SENT'],
    [200, null, false, 'SENT'],
    [404, 'http-404', false, 'GONE'],
    [410, 'http-410', false, 'GONE'],
    [400, 'http-400', false, 'REFUSED'],
    [403, 'http-403', false, 'REFUSED'],
    [413, 'http-413', false, 'REFUSED'],
    [408, 'http-408', false, 'RETRY'],
    [425, 'http-425', false, 'RETRY'],
    [429, 'http-429', false, 'RETRY'],
    [500, 'http-500', false, 'RETRY'],
    [503, 'http-503', false, 'RETRY'],
    [null, 'timeout', false, 'RETRY'],
    [null, 'connection-refused', false, 'RETRY'],
    [null, 'refused-address', true, 'REFUSED'],
    [302, 'http-302', false, 'RETRY'],
  ])('HTTP %s (%s) → %s', (status, reason, permanent, outcome) => {
    expect(pushVerdict(status, reason, permanent).outcome).toBe(outcome);
  });

  it('says why in words a person can act on', () => {
    expect(pushVerdict(410, 'http-410', false)).toEqual({
      outcome: 'GONE',
      reason: "the push service says this browser's subscription is gone (HTTP 410); subscribe this browser again",
    });
    expect(pushVerdict(403, 'http-403', false)).toMatchObject({ reason: expect.stringMatching(/VAPID/) });
    expect(pushVerdict(null, 'timeout', false)).toMatchObject({ reason: expect.stringMatching(/timeout/) });
  });
});

type PushVerdictOutcome = ReturnType<typeof pushVerdict>['outcome'];

describe("a page's payload", () => {
  const base = {
    kind: 'PAGE',
    notificationId: 7,
    incidentId: 42,
    severity: 'P1' as const,
    status: 'TRIGGERED',
    title: 'Checkout down',
    body: 'Level 1: you are on call.',
    url: 'https://vigil.example.com/incidents/42',
    actions: { ACKNOWLEDGE: 'tok-a', ESCALATE: 'tok-e' },
  };
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

  it('carries the incident, severity, title, both tokens, and the link to its responder view', () => {
    const p = JSON.parse(pushPayloadJson(base)) as PushPayload;
    expect(p).toEqual({ v: 1, ...base, url: 'https://vigil.example.com/m/incidents/42' });
  });

  it('takes the severity prefix off a title that repeats it', () => {
    expect((JSON.parse(pushPayloadJson({ ...base, title: '[P1] Checkout down' })) as PushPayload).title).toBe(
      'Checkout down',
    );
  });

  it('counts bytes as UTF-8 does: emoji are four bytes each', () => {
    const json = pushPayloadJson({ ...base, body: '🚨'.repeat(2000) });
    expect(bytes(json)).toBeLessThanOrEqual(MAX_PUSH_PAYLOAD_BYTES);
    expect(bytes(json)).toBeGreaterThan(MAX_PUSH_PAYLOAD_BYTES - 8);
  });

  it.each([100, 3700, 5000, 20_000])('fits a body of %i characters into one push message', (n) => {
    const json = pushPayloadJson({ ...base, body: 'é'.repeat(n) });
    expect(bytes(json)).toBeLessThanOrEqual(MAX_PUSH_PAYLOAD_BYTES);
    const p = JSON.parse(json) as PushPayload;
    expect(p.actions).toEqual(base.actions);
    if (bytes(pushPayloadJson({ ...base, body: '' })) + 2 * n <= MAX_PUSH_PAYLOAD_BYTES) expect(p.body).toHaveLength(n);
    else expect(p.body.endsWith('…')).toBe(true);
  });
});

describe('where a tap on a pushed page opens', () => {
  it.each([
    ['https://vigil.example.com/incidents/42', 'https://vigil.example.com/m/incidents/42'],
    ['http://127.0.0.1:4000/incidents/7', 'http://127.0.0.1:4000/m/incidents/7'],
    ['/incidents/7', '/m/incidents/7'],
    ['https://vigil.example.com/incidents/42?from=push', 'https://vigil.example.com/m/incidents/42?from=push'],
    ['https://vigil.example.com/incidents', 'https://vigil.example.com/incidents'],
    ['https://vigil.example.com/me/notifications', 'https://vigil.example.com/me/notifications'],
    ['https://vigil.example.com/incidents/42/extra', 'https://vigil.example.com/incidents/42/extra'],
    ['https://vigil.example.com/status/incidents/42', 'https://vigil.example.com/status/incidents/42'],
  ])('%s → %s', (url, expected) => {
    expect(responderViewUrl(url)).toBe(expected);
  });
});
