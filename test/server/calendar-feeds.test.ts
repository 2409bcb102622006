import crypto from 'node:crypto';
import { HOUR, ManualClock } from '@vigil/shared';
import { TestDatabase, createTestDatabase, testDatabaseKinds } from '../support/databases';
import { TestServer, gql, startTestServer } from '../support/server';
import { userWithSession } from '../support/server';

jest.setTimeout(90_000);

type Caller = { id: number; headers: Record<string, string> };
interface FeedEvent {
  uid: string;
  start: string;
  end: string;
  summary: string;
}

const CREATE_SCHEDULE_FEED = `mutation($s: ID!) { createScheduleCalendarFeed(scheduleId: $s) { url feed { id prefix createdAt lastUsedAt } } }`;
const REVOKE_SCHEDULE_FEED = `mutation($s: ID!) { revokeScheduleCalendarFeed(scheduleId: $s) }`;
const CREATE_MY_FEED = `mutation { createMyCalendarFeed { url feed { id prefix } } }`;
const SCHEDULE_FEED = `query($s: ID!) { schedule(id: $s) { calendarFeed { id prefix lastUsedAt } } }`;

/** The events of an iCalendar body (lines unfolded), in order. */
function eventsOf(body: string): FeedEvent[] {
  return body
    .replace(/\r\n[ \t]/g, '')
    .split('BEGIN:VEVENT')
    .slice(1)
    .map((e) => {
      const field = (name: string) => new RegExp(`\\r\\n${name}[:;]([^\\r]*)`).exec(`\r\n${e}`)?.[1] ?? '';
      return {
        uid: field('UID'),
        start: field('DTSTART'),
        end: field('DTEND'),
        summary: field('SUMMARY').replace(/\\([,;\\])/g, '$1'),
      };
    });
}

/**
 * Calendar feeds (issue 13): no public feed by schedule id any more; each person and each schedule gets a secret,
 * revocable URL, stored hashed; event ids stay the same across fetches and restarts.
 */
describe.each(testDatabaseKinds())('secret calendar feeds on %s', (kind) => {
  let db: TestDatabase;
  let server: TestServer;
  const clock = new ManualClock('2026-03-27T12:00:00.000Z');
  let lead: Caller;
  let teamLead: Caller; // global RESPONDER, LEAD of the team that owns "Platform primary"
  let responder: Caller;
  let ana: Caller;
  const ids: Record<string, string> = {};
  let scheduleFeedUrl: string;

  const call = (query: string, variables: Record<string, unknown> = {}, as?: Caller) =>
    gql(server.graphqlUrl, query, variables, as?.headers);
  const ok = async (query: string, variables: Record<string, unknown> = {}, as?: Caller) => {
    const r = await call(query, variables, as);
    expect(r.errors).toBeUndefined();
    return r.data!;
  };
  /** Fetches a feed by the path of its URL (the public URL's port is not the test server's). */
  const fetchFeed = (url: string, query = '') => fetch(`${server.url}${new URL(url).pathname}${query}`);
  const feedRows = async () =>
    Number((await server.app.db.dataSource.query('SELECT COUNT(*) AS n FROM calendar_feed'))[0].n);

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    server = await startTestServer(kind, { clock, database: db });
    lead = await userWithSession(server, 'Lena Lead', 'LEAD');
    teamLead = await userWithSession(server, 'Tom Teamlead', 'RESPONDER');
    responder = await userWithSession(server, 'Rui Responder', 'RESPONDER');
    ana = await userWithSession(server, 'Ana Oncall', 'RESPONDER');
    const ben = (await server.app.users.create({ name: 'Ben Backup', email: 'ben@example.com', role: 'RESPONDER' })).id;
    const cy = (await server.app.users.create({ name: 'Cy, the "Cover"', email: 'cy@example.com', role: 'RESPONDER' }))
      .id;
    const d = await ok(`mutation {
      t: createTeam(name: "Platform") { id } o: createTeam(name: "Other") { id }
      s: createSchedule(input: { name: "Platform primary" }) { id } x: createSchedule(input: { name: "Database" }) { id }
    }`);
    Object.assign(ids, {
      team: d.t.id,
      other: d.o.id,
      schedule: d.s.id,
      database: d.x.id,
      ana: String(ana.id),
      ben: String(ben),
      cy: String(cy),
    });
    await ok(`mutation($id: ID!, $t: ID) { setScheduleTeam(id: $id, teamId: $t) { id } }`, {
      id: ids.schedule,
      t: ids.team,
    });
    await ok(`mutation($id: ID!, $t: ID) { setScheduleTeam(id: $id, teamId: $t) { id } }`, {
      id: ids.database,
      t: ids.other,
    });
    await ok(`mutation($t: ID!, $u: ID!) { setTeamMember(teamId: $t, userId: $u) { id } }`, {
      t: ids.team,
      u: teamLead.id,
    });
    await ok(`mutation($t: ID!, $u: ID!) { setTeamMemberRole(teamId: $t, userId: $u, role: LEAD) { id } }`, {
      t: ids.team,
      u: teamLead.id,
    });
    // Daily 09:00 UTC, Ana then Ben; Cy covers Ana 13:00–15:00 today. Ana alone on the weekly Database schedule.
    await ok(
      `mutation($s: ID!, $p: [ID!]!) { addRotation(scheduleId: $s, input: { name: "Daily", shiftUnit: DAILY, handoffTime: "09:00", timeZone: "UTC", startDate: "2026-03-27", participantIds: $p }) { id } }`,
      { s: ids.schedule, p: [ids.ana, ids.ben] },
    );
    await ok(
      `mutation($s: ID!, $u: ID!, $r: ID!) { addScheduleOverride(scheduleId: $s, input: { kind: REPLACE, userId: $u, replacedUserId: $r, startsAt: "2026-03-27T13:00:00Z", endsAt: "2026-03-27T15:00:00Z" }) { id } }`,
      { s: ids.schedule, u: ids.cy, r: ids.ana },
    );
    await ok(
      `mutation($s: ID!, $p: [ID!]!) { addRotation(scheduleId: $s, input: { name: "Weekly", shiftUnit: WEEKLY, handoffTime: "10:00", timeZone: "UTC", startDate: "2026-03-30", participantIds: $p }) { id } }`,
      { s: ids.database, p: [ids.ana] },
    );
  });
  afterAll(async () => {
    await server?.dispose();
    await db?.drop();
  });

  it('the old public feed answers 404 for every schedule id, and so does any secret that was never made', async () => {
    const known = await fetch(`${server.url}/api/schedules/${ids.schedule}/ical`);
    const unknown = await fetch(`${server.url}/api/schedules/424242/ical`);
    expect([known.status, unknown.status]).toEqual([404, 404]);
    expect(await known.json()).toEqual(await unknown.json());
    const guessed = await fetch(
      `${server.url}/api/calendar/vgl_cal_${crypto.randomBytes(32).toString('base64url')}.ics`,
    );
    expect(guessed.status).toBe(404);
    expect((await fetch(`${server.url}/api/calendar/${ids.schedule}`)).status).toBe(404);
  });

  it('a lead makes a schedule feed: the secret URL serves the shifts, each stretch from its real start', async () => {
    const made = (await ok(CREATE_SCHEDULE_FEED, { s: ids.schedule }, lead)).createScheduleCalendarFeed;
    scheduleFeedUrl = made.url;
    expect(made.url).toMatch(/\/api\/calendar\/vgl_cal_[A-Za-z0-9_-]{43}\.ics$/);
    expect(made.url.includes(made.feed.prefix)).toBe(true);
    // Stored hashed: the secret is nowhere in the database.
    const secret = new URL(made.url).pathname.split('/').pop()!.replace('.ics', '');
    const rows = await server.app.db.dataSource.query('SELECT * FROM calendar_feed');
    expect(JSON.stringify(rows)).not.toContain(secret);

    const res = await fetchFeed(made.url, '?weeks=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(res.headers.get('cache-control')).toMatch(/no-store/);
    const events = eventsOf(await res.text());
    // Now 12:00Z; Ana's shift began at 09:00 (not now), Cy covers 13–15, Ana again until the 28th, then Ben.
    expect(events.slice(0, 4).map((e) => [e.summary, e.start, e.end])).toEqual([
      ['On call: Ana Oncall (Platform primary)', '20260327T090000Z', '20260327T130000Z'],
      ['On call: Cy, the "Cover" (Platform primary)', '20260327T130000Z', '20260327T150000Z'],
      ['On call: Ana Oncall (Platform primary)', '20260327T150000Z', '20260328T090000Z'],
      ['On call: Ben Backup (Platform primary)', '20260328T090000Z', '20260329T090000Z'],
    ]);
    expect(events.length).toBe(10);
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    expect((await ok(SCHEDULE_FEED, { s: ids.schedule })).schedule.calendarFeed).toMatchObject({
      prefix: made.feed.prefix,
      lastUsedAt: clock.now().toISOString(),
    });

    const bad = await fetchFeed(made.url, '?weeks=99');
    expect([bad.status, (await bad.json()).field]).toEqual([400, 'weeks']);
  });

  it('event ids stay the same across two fetches hours apart', async () => {
    const first = eventsOf(await (await fetchFeed(scheduleFeedUrl)).text());
    clock.advance(2 * HOUR);
    const second = eventsOf(await (await fetchFeed(scheduleFeedUrl)).text());
    clock.advance(-2 * HOUR);
    const uidOf = (list: FeedEvent[]) => new Map(list.map((e) => [`${e.summary} ${e.start}`, e.uid]));
    const before = uidOf(first);
    // At 14:00 the 09:00–13:00 stretch is over; every stretch in both answers has the same id in both.
    const common = second.filter((e) => before.has(`${e.summary} ${e.start}`));
    expect(common.length).toBe(second.length);
    for (const e of common) expect(e.uid).toBe(before.get(`${e.summary} ${e.start}`));
  });

  it("who may make which feed: schedule feeds a lead or the schedule team's lead, a wall never; nothing written when refused", async () => {
    const rows = await feedRows();
    expect((await call(CREATE_SCHEDULE_FEED, { s: ids.schedule }, responder)).errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      needed: 'LEAD',
    });
    expect((await call(CREATE_SCHEDULE_FEED, { s: ids.database }, teamLead)).errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      needed: 'LEAD',
    });
    expect((await call(REVOKE_SCHEDULE_FEED, { s: ids.schedule }, responder)).errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      needed: 'LEAD',
    });
    expect((await call(CREATE_SCHEDULE_FEED, { s: '424242' }, lead)).errors?.[0].extensions).toMatchObject({
      code: 'NOT_FOUND',
      field: 'scheduleId',
    });
    const anonymous = { id: 0, headers: { authorization: '' } };
    expect((await call(CREATE_MY_FEED, {}, anonymous)).errors?.[0].extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    // A wall token (made by a lead) can neither make a feed nor see one.
    const wallSecret = (await ok(`mutation { createWallToken(name: "lobby") { secret } }`, {}, lead)).createWallToken
      .secret;
    const wall = { id: 0, headers: { authorization: `Bearer ${wallSecret}` } };
    expect((await call(CREATE_MY_FEED, {}, wall)).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect((await call(CREATE_SCHEDULE_FEED, { s: ids.schedule }, wall)).errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await feedRows()).toBe(rows);
    await ok(CREATE_MY_FEED, {}, lead);
    // Feeds are outside the wall's field set: refused outright, naming the field.
    expect((await call(`{ myCalendarFeed { id } }`, {}, wall)).errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      rule: 'WALL_FIELDS',
    });
    const wallRead = await call(
      `query($s: ID!) { schedule(id: $s) { calendarFeed { id prefix createdAt lastUsedAt } } }`,
      { s: ids.schedule },
      wall,
    );
    expect(wallRead.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'WALL_FIELDS' });
    expect(JSON.stringify(wallRead)).not.toMatch(/vgl_cal_[A-Za-z0-9_-]{20}/);

    // The lead of the schedule's team may; their new URL replaces the lead's, which stops working at once.
    const replaced = (await ok(CREATE_SCHEDULE_FEED, { s: ids.schedule }, teamLead)).createScheduleCalendarFeed.url;
    expect((await fetchFeed(scheduleFeedUrl)).status).toBe(404);
    expect((await fetchFeed(replaced)).status).toBe(200);
    scheduleFeedUrl = replaced;
  });

  it('a revoked secret is refused', async () => {
    expect((await ok(REVOKE_SCHEDULE_FEED, { s: ids.schedule }, teamLead)).revokeScheduleCalendarFeed).toBe(true);
    expect((await fetchFeed(scheduleFeedUrl)).status).toBe(404);
    expect((await ok(SCHEDULE_FEED, { s: ids.schedule })).schedule.calendarFeed).toBeNull();
    expect((await ok(REVOKE_SCHEDULE_FEED, { s: ids.schedule }, lead)).revokeScheduleCalendarFeed).toBe(false);
  });

  it("a personal feed has my own shifts across schedules and no one else's; event ids survive a restart", async () => {
    const mine = (await ok(CREATE_MY_FEED, {}, ana)).createMyCalendarFeed.url;
    const read = async () => eventsOf(await (await fetchFeed(mine, '?weeks=2')).text());
    const events = await read();
    expect(new Set(events.map((e) => e.summary))).toEqual(new Set(['On call: Platform primary', 'On call: Database']));
    expect(
      events
        .filter((e) => e.summary === 'On call: Platform primary')
        .slice(0, 2)
        .map((e) => [e.start, e.end]),
    ).toEqual([
      ['20260327T090000Z', '20260327T130000Z'],
      ['20260327T150000Z', '20260328T090000Z'],
    ]);
    // The same stretch has the same id in the schedule's feed.
    const scheduleFeed = eventsOf(
      await (
        await fetchFeed(
          (await ok(CREATE_SCHEDULE_FEED, { s: ids.schedule }, lead)).createScheduleCalendarFeed.url,
          '?weeks=2',
        )
      ).text(),
    );
    expect(scheduleFeed.map((e) => e.uid)).toContain(
      events.find((e) => e.summary === 'On call: Platform primary')!.uid,
    );
    expect((await ok(`{ myCalendarFeed { prefix } }`, {}, ana)).myCalendarFeed.prefix).toBe(
      new URL(mine).pathname.split('/').pop()!.slice(0, 12),
    );

    await server.stop();
    server = await startTestServer(kind, { clock, database: db });
    expect((await read()).map((e) => e.uid)).toEqual(events.map((e) => e.uid));

    // Revoked, or its person deactivated: refused.
    await ok(`mutation { revokeMyCalendarFeed }`, {}, ana);
    expect((await fetchFeed(mine)).status).toBe(404);
    const again = (await ok(CREATE_MY_FEED, {}, ana)).createMyCalendarFeed.url;
    expect((await fetchFeed(again)).status).toBe(200);
    await ok(`mutation($id: ID!) { updateUser(id: $id, input: { active: false }) { id } }`, { id: ids.ana });
    expect((await fetchFeed(again)).status).toBe(404);
  });
});
