import { Actor, DEFAULT_SEVERITY_OPTIONS, ManualClock } from '@vigil/shared';
import { Database, openDatabase } from '../db/data-source';
import { Units } from '../db/unit-of-work';
import { JsonPayload, PubSubHandle, Topic, TopicName, createVigilPubSub } from '../pubsub/pubsub';
import { Incident } from '../model/incident.entity';
import { IncidentReaction, IncidentService } from './incident.service';
import { TimelineEvent } from '../model/timeline-event.entity';
import { TestDatabase, createTestDatabase, testDatabaseKinds } from '../../../test/support/databases';

const ANA: Actor = { kind: 'USER', name: 'Ana', userId: null, role: 'RESPONDER' };

/** Collects what subscribers of `topics` hear, and whether the change was readable from another connection then. */
function listen(pubsub: PubSubHandle, db: Database, topics: TopicName[]) {
  const heard: Array<{ topic: TopicName; payload: JsonPayload; incidentsVisible: number }> = [];
  const iterators = topics.map((topic) => {
    const it = pubsub.pubSub.subscribe(topic)[Symbol.asyncIterator]();
    void (async () => {
      for (let next = await it.next(); !next.done; next = await it.next()) {
        // Heard in this order; what was readable is looked up after, without letting a slower lookup reorder them.
        const entry = { topic, payload: next.value, incidentsVisible: -1 };
        heard.push(entry);
        entry.incidentsVisible = await db.dataSource.getRepository(Incident).count();
      }
    })();
    return it;
  });
  return {
    heard,
    async until(count: number): Promise<void> {
      const deadline = Date.now() + 5_000;
      while (heard.length < count || heard.some((h) => h.incidentsVisible < 0)) {
        if (Date.now() > deadline) throw new Error(`heard ${heard.length} of ${count}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    stop: () => Promise.all(iterators.map((it) => it.return?.())),
  };
}

describe.each(testDatabaseKinds())('an incident change is one unit of work (%s)', (kind) => {
  let testDb: TestDatabase;
  let db: Database;
  let pubsub: PubSubHandle;
  const clock = new ManualClock(Date.parse('2026-12-03T10:00:00Z'));

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    db = await openDatabase({ databaseUrl: testDb.databaseUrl, sqlitePath: testDb.sqlitePath });
    pubsub = createVigilPubSub(null);
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  /** An incident service whose reactions are `reactions`, as server/src/reactions.ts declares them. */
  function serviceWith(reactions: IncidentReaction[]): IncidentService {
    const incidents = new IncidentService(db, new Units(db, pubsub.pubSub, clock), clock, DEFAULT_SEVERITY_OPTIONS);
    incidents.useReactions(reactions);
    return incidents;
  }

  it('runs the reactions in their declared order inside the change, and publishes only after commit', async () => {
    const ran: string[] = [];
    const listener = listen(pubsub, db, [Topic.INCIDENT_CHANGED, Topic.TIMELINE_EVENT_ADDED, Topic.METRICS_CHANGED]);
    const incidents = serviceWith([
      {
        name: 'first',
        react: async (change) => {
          ran.push(`first:${change.before === null ? 'declared' : 'changed'}:${listener.heard.length}`);
        },
      },
      {
        name: 'second',
        react: async (change) => {
          ran.push(`second:${change.events.map((e) => e.type).join(',')}:${listener.heard.length}`);
          change.uow.publish(Topic.METRICS_CHANGED, { at: change.now.toISOString() });
        },
      },
    ]);
    const before = await db.dataSource.getRepository(Incident).count();
    const incident = await incidents.declare({ title: 'Checkout down', severity: 'P1', source: 'USER_REPORT' }, ANA);
    // While the reactions ran, nobody had heard anything yet.
    expect(ran).toEqual(['first:declared:0', 'second:DECLARED:0']);
    await listener.until(3);
    expect(listener.heard.map((h) => h.topic)).toEqual([
      Topic.INCIDENT_CHANGED,
      Topic.TIMELINE_EVENT_ADDED,
      Topic.METRICS_CHANGED,
    ]);
    expect(listener.heard[0].payload).toMatchObject({ id: incident.id, status: 'TRIGGERED', title: 'Checkout down' });
    // Every subscriber heard of it only once the incident was committed: readable from any connection.
    expect(listener.heard.every((h) => h.incidentsVisible === before + 1)).toBe(true);
    await listener.stop();
  });

  it('a reaction that fails undoes the whole change and nobody hears of it', async () => {
    const listener = listen(pubsub, db, [Topic.INCIDENT_CHANGED, Topic.TIMELINE_EVENT_ADDED]);
    const incidents = serviceWith([
      {
        name: 'broken',
        react: async () => {
          throw new Error('reaction failed');
        },
      },
    ]);
    const rows = await db.dataSource.getRepository(Incident).count();
    const lines = await db.dataSource.getRepository(TimelineEvent).count();
    await expect(
      incidents.declare({ title: 'Never happened', severity: 'P2', source: 'USER_REPORT' }, ANA),
    ).rejects.toThrow('reaction failed');
    expect(await db.dataSource.getRepository(Incident).count()).toBe(rows);
    expect(await db.dataSource.getRepository(TimelineEvent).count()).toBe(lines);
    // A change that commits afterwards is heard; the failed one before it never was.
    const ok = serviceWith([]);
    const incident = await ok.declare({ title: 'This one happened', severity: 'P2', source: 'USER_REPORT' }, ANA);
    await listener.until(2);
    expect(listener.heard.map((h) => h.payload.incidentId ?? h.payload.id)).toEqual([incident.id, incident.id]);
    await listener.stop();
  });

  it('carries how the actor acted (via) from the command onto every line it writes', async () => {
    const incidents = serviceWith([]);
    const fromSlack = await incidents.declare(
      { title: 'From Slack', severity: 'P3', source: 'USER_REPORT' },
      { ...ANA, via: 'slack' },
    );
    await incidents.acknowledge(fromSlack.id, { ...ANA, via: 'email' });
    const fromConsole = await incidents.declare(
      { title: 'From the console', severity: 'P3', source: 'USER_REPORT' },
      { ...ANA, via: 'console' },
    );
    const lines = await db.dataSource
      .getRepository(TimelineEvent)
      .find({ where: [{ incidentId: fromSlack.id }, { incidentId: fromConsole.id }], order: { id: 'ASC' } });
    expect(lines.map((l) => [l.incidentId, l.type, (l.data as { via?: string } | null)?.via ?? null])).toEqual([
      [fromSlack.id, 'DECLARED', 'slack'],
      [fromSlack.id, 'ACKNOWLEDGED', 'email'],
      [fromConsole.id, 'DECLARED', null],
    ]);
  });

  it('refuses to run a change before the reactions are declared, and to declare them twice', async () => {
    const bare = new IncidentService(db, new Units(db, pubsub.pubSub, clock), clock, DEFAULT_SEVERITY_OPTIONS);
    await expect(bare.declare({ title: 'x', severity: 'P3', source: 'USER_REPORT' }, ANA)).rejects.toThrow(
      'useReactions',
    );
    bare.useReactions([]);
    expect(() => bare.useReactions([])).toThrow('declared once');
  });
});
