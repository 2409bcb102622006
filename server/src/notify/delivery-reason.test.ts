import { deliveryReason } from './delivery-reason';

describe('deliveryReason: a bounded word per failed attempt', () => {
  it.each([
    ['WEBHOOK', { ok: true, code: 200 }, 'none'],
    ['WEBHOOK', { ok: false, code: 500, error: 'http-500' }, 'http_5xx'],
    ['WEBHOOK', { ok: false, code: 503, error: 'http-503' }, 'http_5xx'],
    ['WEBHOOK', { ok: false, code: 429, error: 'http-429' }, 'http_429'],
    [
      'WEBHOOK',
      { ok: false, code: 404, error: 'http-404', skipped: 'Webhook refused the message (HTTP 404)' },
      'http_4xx',
    ],
    ['WEBHOOK', { ok: false, code: 302, error: 'http-302' }, 'http_3xx'],
    ['WEBHOOK', { ok: false, code: null, error: 'refused-address', permanent: true }, 'refused_address'],
    ['WEBHOOK', { ok: false, code: null, error: 'connection-refused' }, 'connection_refused'],
    ['WEBHOOK', { ok: false, code: null, error: 'timeout' }, 'timeout'],
    ['SLACK', { ok: false, code: null, skipped: 'VIGIL_WEBHOOK_URL is not set' }, 'unusable'],
    [
      'SLACK',
      { ok: false, code: null, error: 'channel_not_found', skipped: 'Slack said channel_not_found' },
      'unusable',
    ],
    ['EMAIL', { ok: false, code: 550, error: 'mailbox unavailable', permanent: true }, 'smtp_5xx'],
    ['EMAIL', { ok: false, code: 421, error: 'try later' }, 'smtp_4xx'],
    ['EMAIL', { ok: false, code: null, error: 'Greeting never received for user@example.com' }, 'other'],
  ])('%s %j → %s', (channel, outcome, reason) => {
    expect(deliveryReason(channel, outcome)).toBe(reason);
  });
});
