import {
  addressHint,
  applicationServerKey,
  describeRules,
  methodLabel,
  stepsToSave,
  subscriptionFields,
} from './pagingModel';

describe('my notifications', () => {
  it.each([
    ['SMS', /E\.164/],
    ['VOICE', /E\.164/],
    ['EMAIL', /@/],
    // With the Slack bot, an email is looked up in the workspace; a member id always works.
    ['SLACK', /member id \(U…\) or your Slack email/],
  ] as const)('the %s address hint', (kind, hint) => {
    expect(addressHint(kind)).toMatch(hint);
  });

  it('saves rows with a method, an empty delay as 0', () => {
    expect(
      stepsToSave([
        { contactMethodId: '1', delayMinutes: '' },
        { contactMethodId: '', delayMinutes: '5' },
        { contactMethodId: '2', delayMinutes: ' 3 ' },
      ]),
    ).toEqual([
      { contactMethodId: '1', delayMinutes: 0 },
      { contactMethodId: '2', delayMinutes: 3 },
    ]);
  });

  it.each([
    [[], 'Default: every verified method at once.'],
    [
      [
        { contactMethodId: '1', delayMinutes: 0 },
        { contactMethodId: '2', delayMinutes: 3 },
      ],
      'SMS at once, then VOICE after 3 min',
    ],
    [[{ contactMethodId: '9', delayMinutes: 1 }], 'removed method after 1 min'],
  ])('describes %j', (steps, text) => {
    expect(describeRules(steps, (id) => ({ '1': 'SMS', '2': 'VOICE' })[id])).toBe(text);
  });

  it('shows a push subscription by its push service, other methods by their address', () => {
    expect(methodLabel('PUSH', 'https://fcm.googleapis.com/fcm/send/abc:def')).toBe('browser via fcm.googleapis.com');
    expect(methodLabel('PUSH', 'not a url')).toBe('browser');
    expect(methodLabel('SMS', '+4915100000001')).toBe('+4915100000001');
  });

  it('turns the base64url VAPID key into its bytes', () => {
    expect([...applicationServerKey('BAEC_-8')]).toEqual([4, 1, 2, 255, 239]);
    expect(applicationServerKey(`B${'A'.repeat(86)}`)).toHaveLength(65);
  });

  it('takes endpoint and keys from a subscription, nothing without keys', () => {
    expect(subscriptionFields({ endpoint: 'https://p/x', keys: { p256dh: 'B1', auth: 'a1' } })).toEqual({
      endpoint: 'https://p/x',
      p256dh: 'B1',
      auth: 'a1',
    });
    expect(subscriptionFields({ endpoint: 'https://p/x' })).toBeNull();
  });
});
