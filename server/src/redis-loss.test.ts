import { isRedisConnectionLoss } from './redis-loss';

const withStack = (message: string, stack: string) => Object.assign(new Error(message), { stack });
const IOREDIS =
  'Error: Connection is closed.\n    at close (/app/node_modules/ioredis/built/redis/event_handler.js:214:25)';

describe('an unhandled rejection that is only Redis going away', () => {
  it.each<[string, unknown, boolean]>([
    ["ioredis's queued command cut off by the closing socket", withStack('Connection is closed.', IOREDIS), true],
    [
      'the same words from anywhere else',
      withStack('Connection is closed.', 'Error\n    at /app/server/x.js:1:1'),
      false,
    ],
    ['another ioredis error', withStack('Command timed out', IOREDIS.replace('Connection is closed.', 'x')), false],
    ['a plain string', 'Connection is closed.', false],
    ['nothing', undefined, false],
  ])('%s', (_, reason, expected) => {
    expect(isRedisConnectionLoss(reason)).toBe(expected);
  });
});
