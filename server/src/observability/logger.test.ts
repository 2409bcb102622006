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
    // GraphQL over GET: the variables (a login's password) and the document (inline literals) are never logged.
    [
      '/graphql?query=mutation%28%24p%3AString%21%29%7Blogin%28email%3A%22a%40b%22%2Cpassword%3A%24p%29%7Bid%7D%7D&variables=%7B%22p%22%3A%22hunter2hunter2%22%7D',
      '/graphql?query=[redacted]&variables=[redacted]',
    ],
    ['/graphql?extensions=%7B%7D&operationName=Login', '/graphql?extensions=[redacted]&operationName=Login'],
    ['/graphql?access_token=abc&password=p', '/graphql?access_token=[redacted]&password=[redacted]'],
    ['/assets/index-Bk0HaQCV.js', '/assets/index-Bk0HaQCV.js'],
    ['/status?page=2', '/status?page=2'],
  ])('%s is logged as %s', (url, logged) => {
    expect(loggedUrl(url)).toBe(logged);
  });
});
