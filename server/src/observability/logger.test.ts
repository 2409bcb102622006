import { loggedUrl } from './logger';

describe('loggedUrl: what of a request URL may be written to a log', () => {
  it.each([
    ['/graphql', '/graphql'],
    ['/healthz?token=wall_abc&view=wall', '/healthz?token=[redacted]&view=wall'],
    ['/wall?TOKEN=x', '/wall?TOKEN=[redacted]'],
    [
      '/api/heartbeats/x?key=k&secret=s&signature=g&code=123456',
      '/api/heartbeats/x?key=[redacted]&secret=[redacted]&signature=[redacted]&code=[redacted]',
    ],
    ['/api/actions/AbCdEfGhIjKlMnOpQrStUv_-12', '/api/actions/[redacted]'],
    ['/api/calendar/AbCdEfGhIjKlMnOpQrStUv.ics?weeks=4', '/api/calendar/[redacted]?weeks=4'],
    ['/incidents/12345/postmortem.md', '/incidents/12345/postmortem.md'],
    ['/api/schedules/7/ical', '/api/schedules/7/ical'],
    ['/assets/index-Bk0HaQCV.js', '/assets/index-Bk0HaQCV.js'],
    ['/status?page=2', '/status?page=2'],
  ])('%s is logged as %s', (url, logged) => {
    expect(loggedUrl(url)).toBe(logged);
  });
});
