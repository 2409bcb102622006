import { CHANNEL_CAP, DESTINATION_CAP, MAILBOX_CAP, Routed, admitByLane, fullLanes, lanesOf } from './delivery-lanes';

const hook = (address: string | null): Routed => ({ channel: 'WEBHOOK', address });
const sms = (n: number): Routed => ({ channel: 'SMS', address: `+1555000${String(n).padStart(4, '0')}` });
const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

describe('lanesOf: which shares of the sender a row competes for', () => {
  it.each([
    [hook('https://hooks.example.com/a?x=1'), ['WEBHOOK', 'WEBHOOK https://hooks.example.com']],
    [hook('https://hooks.example.com:8443/b'), ['WEBHOOK', 'WEBHOOK https://hooks.example.com:8443']],
    [hook(null), ['WEBHOOK', 'WEBHOOK default']],
    [hook('not a url'), ['WEBHOOK', 'WEBHOOK not a url']],
    [{ channel: 'TEAMS', address: 'team:3' }, ['TEAMS', 'TEAMS team:3']],
    [sms(1), ['TWILIO']],
    [{ channel: 'VOICE', address: '+15550001' }, ['TWILIO']],
    [{ channel: 'EMAIL', address: 'a@example.com' }, ['EMAIL', 'EMAIL a@example.com']],
    [{ channel: 'PUSH', address: null }, ['PUSH']],
  ])('%j → %j', (row, keys) => {
    expect(lanesOf(row).map((l) => l.key)).toEqual(keys);
  });
});

describe('admitByLane: a full lane passes its turn, nothing is dropped', () => {
  const mail = (to: string): Routed => ({ channel: 'EMAIL', address: to });
  it('sends one mail at a time to a mailbox, in due order; other mailboxes go meanwhile', () => {
    expect(MAILBOX_CAP).toBe(1);
    const due = [mail('bob@example.com'), mail('bob@example.com'), mail('ana@example.com')];
    expect(admitByLane(due, [], 25)).toEqual({
      take: [mail('bob@example.com'), mail('ana@example.com')],
      leftBehind: true,
    });
    // Once Bob's first mail is recorded, his second is taken; while it is still in flight, it waits.
    expect(admitByLane([mail('bob@example.com')], [mail('bob@example.com')], 25).take).toEqual([]);
    expect(admitByLane([mail('bob@example.com')], [], 25).take).toEqual([mail('bob@example.com')]);
  });

  const hanging = 'https://slow.example.com/page';
  it('a receiver already holding its cap gets no more; the rows behind it go', () => {
    const inFlight = times(DESTINATION_CAP, () => hook(hanging));
    const due = [hook(hanging), hook(`${hanging}/2`), sms(1), hook('https://ok.example.com/x'), sms(2)];
    const { take, leftBehind } = admitByLane(due, inFlight, 10);
    expect(take).toEqual([sms(1), hook('https://ok.example.com/x'), sms(2)]);
    expect(leftBehind).toBe(true);
  });

  it('counts the rows it takes: a burst to one receiver takes its cap, then the others', () => {
    const due = [...times(10, () => hook(hanging)), sms(1), sms(2)];
    const { take, leftBehind } = admitByLane(due, [], 25);
    expect(take).toEqual([...times(DESTINATION_CAP, () => hook(hanging)), sms(1), sms(2)]);
    expect(leftBehind).toBe(true);
  });

  it('a provider holds at most CHANNEL_CAP slots; SMS and voice share one', () => {
    const inFlight = times(CHANNEL_CAP - 1, sms);
    const due = [{ channel: 'VOICE', address: '+15550001' }, sms(99), { channel: 'EMAIL', address: 'a@example.com' }];
    const { take } = admitByLane(due, inFlight, 25);
    expect(take).toEqual([due[0], due[2]]);
  });

  it('stops at room, and says nothing was left behind when no lane was full', () => {
    expect(admitByLane([sms(1), sms(2), sms(3)], [], 2)).toEqual({ take: [sms(1), sms(2)], leftBehind: false });
  });
});

describe('fullLanes: what a claim leaves out in SQL', () => {
  it('names full providers and the addresses in flight of full receivers', () => {
    const inFlight = [
      ...times(DESTINATION_CAP - 1, () => hook('https://slow.example.com/a')),
      hook('https://slow.example.com/b'),
      ...times(DESTINATION_CAP, () => hook(null)),
      hook('https://fine.example.com/'),
      ...times(CHANNEL_CAP, sms),
    ];
    expect(fullLanes(inFlight)).toEqual({
      channels: ['SMS', 'VOICE'],
      addresses: [
        {
          channel: 'WEBHOOK',
          addresses: ['https://slow.example.com/a', 'https://slow.example.com/b'],
          nullAddress: false,
        },
        { channel: 'WEBHOOK', addresses: [], nullAddress: true },
      ],
    });
  });

  it('nothing in flight: nothing left out', () => {
    expect(fullLanes([])).toEqual({ channels: [], addresses: [] });
  });
});
