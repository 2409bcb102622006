import { Actor, DAY, IncidentSource, MINUTE, ManualClock, SEVERITIES, Severity } from '@vigil/shared';
import { CatalogService } from '../catalog';
import { AppServices } from '../services';
import { createVigilPubSub } from '../pubsub/pubsub';
import { Units } from '../db/unit-of-work';
import { Incident } from '../model/incident.entity';
import { IncidentService } from '../incidents';
import { ActionItemService, PostmortemService } from '../postmortems';
import { User } from '../model/user.entity';
import { seedOrg } from './seed-org';
import { followUp } from './seed-postmortems';
import { verifyAndResolve } from './verify';
import { ChecklistService } from '../checklists';

const SERVICES = [
  ['checkout-api', 'Payments and order placement'],
  ['search', 'Product search and suggestions'],
  ['auth', 'Login, sessions and tokens'],
  ['web-frontend', 'The public website'],
  ['notifications', 'Email and push delivery'],
  ['data-pipeline', 'Nightly exports and reporting'],
] as const;

const PROBLEMS: Array<[string, Severity, string]> = [
  ['Checkout returns 500 for all card payments', 'P0', 'checkout-api'],
  ['Search latency p99 above 3 s', 'P2', 'search'],
  ['Login fails for SSO users', 'P1', 'auth'],
  ['Homepage assets 404 after deploy', 'P1', 'web-frontend'],
  ['Password reset emails delayed 40 min', 'P2', 'notifications'],
  ['Nightly export missing two regions', 'P3', 'data-pipeline'],
  ['Error rate 14% on order API', 'P0', 'checkout-api'],
  ['Typo in cart tooltip', 'P3', 'web-frontend'],
  ['Push notifications duplicated', 'P2', 'notifications'],
  ['Token refresh storms the auth database', 'P1', 'auth'],
];

/** A repeatable pseudo-random sequence, so every demo looks the same. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const demoActor = (name: string): Actor => ({ kind: 'USER', name: `${name} (demo)`, userId: null, role: 'RESPONDER' });
/** The demo's monitoring: resolving as it is not an acknowledgement (the incident counts as auto-resolved). */
const MONITORING: Actor = { kind: 'INTEGRATION', name: 'Prometheus (demo)', userId: null, role: 'RESPONDER' };
const asPerson = (u: User): Actor => ({ kind: 'USER', name: u.name, userId: u.id, role: u.role });

/**
 * Fills an empty database with clearly-labelled demo data: the organisation (people, teams, on-call, the
 * procedure's escalation path), 90 days of history written through the real services on a historical clock (so
 * timelines, post-mortems and action items look like real ones), and a few incidents open now, paged live.
 * Returns how many incidents it made (0 if data exists).
 */
export async function seedDemo(app: AppServices, now: Date = app.clock.now(), count = 240): Promise<number> {
  if ((await app.db.dataSource.getRepository(Incident).count()) > 0) return 0;
  const clock = new ManualClock(now.getTime() - 91 * DAY);
  // History is not news: nobody is subscribed to it, nobody is paged for it; only its post-mortems open.
  const units = new Units(app.db, createVigilPubSub(null).pubSub, clock);
  const incidents = new IncidentService(app.db, units, clock, app.severityOptions);
  const postmortems = new PostmortemService(app.db, units, clock, incidents, {
    notifier: { enqueueIn: () => Promise.resolve(0) },
    publicUrl: '',
    wakeSender: () => undefined,
    deploymentWindow: {},
  });
  incidents.useReactions([postmortems.onIncidentChange]);
  const actionItems = new ActionItemService(app.db, units, clock, incidents);
  const checklists = new ChecklistService(app.db, units, clock, incidents);
  const catalog = new CatalogService(app.db, clock);
  for (const [name, description] of SERVICES) await catalog.create({ name, description: `${description} (demo)` });
  const org = await seedOrg(app, now);

  const random = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const starts = Array.from({ length: count }, () => now.getTime() - 90 * DAY + random() * 89 * DAY).sort(
    (a, b) => a - b,
  );
  for (const start of starts) {
    const [title, baseSeverity, service] = pick(PROBLEMS);
    const severity = random() < 0.2 ? pick(SEVERITIES) : baseSeverity;
    const sla = { P0: [3, 50], P1: [12, 200], P2: [45, 900], P3: [600, 9000] }[severity];
    clock.set(start);
    const source: IncidentSource =
      random() < 0.7 ? 'MONITORING_ALERT' : random() < 0.5 ? 'USER_REPORT' : 'INTERNAL_DISCOVERY';
    const incident = await incidents.declare(
      { title: `${title} (demo)`, severity, source, services: [service], summary: 'Demo incident.' },
      demoActor('Vigil'),
    );
    const who = asPerson(pick(org.responders));
    if (random() < 0.04) {
      clock.advance(sla[1] * MINUTE * 2);
      await incidents.resolve(incident.id, 'The alert cleared before anyone acknowledged.', MONITORING);
      await followUp({ postmortems, actionItems, clock, now, incidentId: incident.id, owners: org.responders, random });
      continue;
    }
    clock.advance(sla[0] * MINUTE * (0.2 + random() * 1.4));
    await incidents.acknowledge(incident.id, who);
    clock.advance(sla[0] * MINUTE * random());
    await incidents.transition(incident.id, 'INVESTIGATING', 'Checking dashboards and recent deployments.', who);
    clock.advance(sla[1] * MINUTE * 0.3 * random());
    await incidents.transition(incident.id, 'IDENTIFIED', 'Root cause found.', who);
    clock.advance(sla[1] * MINUTE * 0.3 * random());
    await incidents.transition(incident.id, 'MITIGATED', 'Rolled back; monitoring.', who);
    clock.advance(sla[1] * MINUTE * 0.5 * random() + 5 * MINUTE);
    await verifyAndResolve(checklists, incidents, incident.id, 'Error rates normal, health checks passing.', who);
    await followUp({ postmortems, actionItems, clock, now, incidentId: incident.id, owners: org.responders, random });
  }

  // A few incidents open right now, declared live so the real escalation engine pages the on-call person and
  // runs their ladder on the wall; each at a different point of the lifecycle.
  const [ana, ben] = org.responders;
  const open: Array<[string, Severity, string, 'TRIGGERED' | 'ACKNOWLEDGED' | 'IDENTIFIED']> = [
    ['Checkout error rate 12% in eu-west', 'P0', 'checkout-api', 'ACKNOWLEDGED'],
    ['Search results stale for some users', 'P2', 'search', 'TRIGGERED'],
    ['SSO login loop on mobile app', 'P1', 'auth', 'IDENTIFIED'],
  ];
  for (const [title, severity, service, status] of open) {
    const incident = await app.incidents.declare(
      {
        title: `${title} (demo)`,
        severity,
        source: 'MONITORING_ALERT',
        services: [service],
        summary: 'Demo incident.',
      },
      demoActor('Vigil'),
    );
    if (status === 'TRIGGERED') continue;
    await app.incidents.acknowledge(incident.id, asPerson(ana));
    await app.incidentRoles.change('ASSIGN', incident.id, 'COMMANDER', ana.id, asPerson(ana));
    await app.incidentRoles.change('ASSIGN', incident.id, 'SCRIBE', ben.id, asPerson(ana));
    if (status === 'IDENTIFIED')
      await app.incidents.transition(
        incident.id,
        'IDENTIFIED',
        'A config push broke the mobile redirect URI.',
        asPerson(ben),
      );
  }
  return count + open.length;
}
