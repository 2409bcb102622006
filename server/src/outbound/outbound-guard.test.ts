import http from 'node:http';
import { AddressInfo } from 'node:net';
import { OutboundAllowList, OutboundGuard } from './outbound-guard';
import { parseOutboundConfig } from './outbound.config';
import { classifyOutboundError, statusReason } from './outbound-reason';

describe('classified reasons', () => {
  const err = (code: string, name = 'Error') =>
    Object.assign(new Error('whatever the library said, with 10.0.0.7 in it'), { code, name });
  it.each([
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['ECONNREFUSED', 'connection-refused'],
    ['ECONNRESET', 'connection-reset'],
    ['EHOSTUNREACH', 'unreachable'],
    ['ETIMEDOUT', 'timeout'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls'],
    ['HPE_INVALID_CONSTANT', 'bad-response'],
    ['ESOMETHINGELSE', 'network'],
  ])('%s → %s', (code, reason) => {
    expect(classifyOutboundError(err(code))).toBe(reason);
  });

  it("the filtering agent's refusal, a timeout, and statuses", () => {
    expect(
      classifyOutboundError(
        new Error('DNS lookup 127.0.0.1(family:4, host:localhost) is not allowed. Because, It is private IP address.'),
      ),
    ).toBe('refused-address');
    expect(classifyOutboundError(Object.assign(new Error('x'), { name: 'TimeoutError' }))).toBe('timeout');
    expect(classifyOutboundError(null)).toBe('network');
    expect([200, 204, 299, 302, 404, 500].map(statusReason)).toEqual([
      null,
      null,
      null,
      'http-302',
      'http-404',
      'http-500',
    ]);
  });
});

describe('VIGIL_OUTBOUND_ALLOW', () => {
  const parse = (allow: string) => parseOutboundConfig({ VIGIL_OUTBOUND_ALLOW: allow }, (m) => new Error(m)).allow;
  it('takes addresses, CIDR ranges and host names, normalised', () => {
    expect(parse(' 10.20.0.0/16, 127.0.0.1 ,[::1], Jira.Internal. ,fd00::/8')).toEqual([
      '10.20.0.0/16',
      '127.0.0.1',
      '::1',
      'jira.internal',
      'fd00::/8',
    ]);
    expect(parse('')).toEqual([]);
  });
  it.each(['10.0.0.0/33', 'http://jira.internal', 'jira internal', '10.0.0.1:8080', '*'])(
    'refuses "%s", naming the variable',
    (bad) => {
      expect(() => parse(bad)).toThrow(/VIGIL_OUTBOUND_ALLOW/);
    },
  );
  it('VIGIL_OUTBOUND_TIMEOUT_MS defaults to 5 s and stays short', () => {
    expect(parseOutboundConfig({}, (m) => new Error(m)).timeoutMs).toBe(5000);
    expect(() => parseOutboundConfig({ VIGIL_OUTBOUND_TIMEOUT_MS: '60000' }, (m) => new Error(m))).toThrow(
      /VIGIL_OUTBOUND_TIMEOUT_MS/,
    );
  });
});

describe('an address judged from its text (when saved)', () => {
  const none = new OutboundAllowList([]);
  const some = new OutboundAllowList(['10.20.0.0/16', '127.0.0.2', 'fd00:ec2::254']);
  it.each([
    ['http://127.0.0.1:8080/internal', true],
    ['http://127.1/', true],
    ['http://2130706433/', true],
    ['http://0x7f000001/', true],
    ['http://0.0.0.0/', true],
    ['http://[::1]/', true],
    ['http://[::ffff:127.0.0.1]/', true],
    ['http://[::]/', true],
    ['http://169.254.169.254/latest/meta-data/', true],
    ['http://[fd00:ec2::254]/', true],
    ['http://10.0.0.5/hook', true],
    ['http://172.16.3.4/', true],
    ['http://192.168.1.1/', true],
    ['http://100.64.0.1/', true],
    ['http://100.100.100.200/', true],
    ['https://hooks.example.com/x', false],
    ['https://8.8.8.8/', false],
    ['http://localhost:8080/', false],
    ['ftp://example.com/', true],
    ['file:///etc/passwd', true],
    ['not a url', true],
    // Credentials that are not valid percent-encoding could never be sent.
    ['http://%zz@example.com/', true],
    ['http://user:%E0%A4%A@example.com/', true],
    ['http://user:p%40ss@example.com/', false],
  ])('%s refused: %s', (url, refused) => {
    expect(none.literalRefusal(url) !== null).toBe(refused);
  });
  it('unless the operator allowed it, by address or range', () => {
    expect(some.literalRefusal('http://10.20.30.40/')).toBeNull();
    expect(some.literalRefusal('http://10.21.0.1/')).not.toBeNull();
    expect(some.literalRefusal('http://127.0.0.2:9/')).toBeNull();
    expect(some.literalRefusal('http://[::ffff:127.0.0.2]:9/')).toBeNull();
    expect(some.literalRefusal('http://127.0.0.1:9/')).not.toBeNull();
    expect(some.literalRefusal('http://[fd00:ec2::254]/')).toBeNull();
  });
});

describe('requests through the guard', () => {
  let server: http.Server;
  let port: number;
  const arrived: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      arrived.push(req.url ?? '');
      if (req.url === '/redirect')
        return void res.writeHead(302, { location: `http://127.0.0.1:${port}/internal` }).end();
      if (req.url === '/hang') return;
      res.writeHead(req.url === '/fail' ? 500 : 200, { 'retry-after': '7' }).end('SECRET-BODY');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => arrived.splice(0));

  const guard = (allow: string[], timeoutMs = 5000) => new OutboundGuard({ allow, timeoutMs });

  it('refuses loopback by address and by name, before anything is sent', async () => {
    for (const url of [
      `http://127.0.0.1:${port}/x`,
      `http://localhost:${port}/x`,
      `http://[::1]:${port}/x`,
      `http://[::ffff:127.0.0.1]:${port}/x`,
    ]) {
      expect(await guard([]).send(url)).toMatchObject({ ok: false, status: null, reason: 'refused-address' });
    }
    expect(arrived).toEqual([]);
  });

  it('refuses what is not http(s)', async () => {
    expect(await guard([]).send('file:///etc/passwd')).toMatchObject({ ok: false, reason: 'refused-scheme' });
    expect(await guard([]).send('gopher://127.0.0.1:70/')).toMatchObject({ ok: false, reason: 'refused-scheme' });
    expect(await guard([]).send('::nonsense')).toMatchObject({ ok: false, reason: 'invalid-url' });
    // Never throws, whatever the address: bad percent-encoding in the credentials is an invalid URL.
    expect(await guard([]).send('http://%zz@example.com/')).toMatchObject({ ok: false, reason: 'invalid-url' });
  });

  it('lets an allowed address through: exact, a CIDR range (checked on the resolved address), or a host name', async () => {
    expect(await guard(['127.0.0.1']).send(`http://127.0.0.1:${port}/a`)).toMatchObject({
      ok: true,
      status: 200,
      reason: null,
    });
    expect(await guard(['127.0.0.0/8']).send(`http://localhost:${port}/b`)).toMatchObject({ ok: true, status: 200 });
    expect(await guard(['localhost']).send(`http://localhost:${port}/c`)).toMatchObject({ ok: true, status: 200 });
    // A range that does not hold the resolved address does not help.
    expect(await guard(['10.0.0.0/8']).send(`http://localhost:${port}/d`)).toMatchObject({ reason: 'refused-address' });
    expect(arrived).toEqual(['/a', '/b', '/c']);
  });

  it('keeps the status and Retry-After of a failure, never its body; follows no redirect', async () => {
    const failed = await guard(['127.0.0.1']).send(`http://127.0.0.1:${port}/fail`, { method: 'POST', body: '{}' });
    expect(failed).toMatchObject({ ok: false, status: 500, reason: 'http-500', retryAfter: '7' });
    expect(JSON.stringify(failed)).not.toContain('SECRET');
    expect(await guard(['127.0.0.1']).send(`http://127.0.0.1:${port}/redirect`)).toMatchObject({
      ok: false,
      status: 302,
      reason: 'http-302',
    });
    expect(arrived).toEqual(['/fail', '/redirect']);
  });

  it('gives up at its deadline', async () => {
    const started = Date.now();
    expect(await guard(['127.0.0.1'], 500).send(`http://127.0.0.1:${port}/hang`)).toMatchObject({
      ok: false,
      status: null,
      reason: 'timeout',
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('classifies a name that does not resolve', async () => {
    expect(await guard([]).send('http://nothing-here.invalid/')).toMatchObject({ ok: false, reason: 'dns' });
  });
});
