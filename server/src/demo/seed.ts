import { Actor, DAY, HOUR, IncidentSource, MINUTE, ManualClock, SEVERITIES, Severity } from '@vigil/shared';
import { CatalogService } from '../catalog/catalog.service';
import { AppServices } from '../graphql/context';
import { createVigilPubSub } from '../graphql/pubsub';
import { Incident } from '../incidents/incident.entity';
import { IncidentService } from '../incidents/incident.service';

const SERVICES = [
  ['checkout-api', 'Payments and order placement'],
  ['search', 'Product search and suggestions'],
  ['auth', 'Login, sessions and tokens'],
  ['web-frontend', 'The public website'],
  ['notifications', 'Email and push delivery'],
  ['data-pipeline', 'Nightly exports and reporting'],
] as const;

const PEOPLE = ['Ana Ortiz', 'Ben Okafor', 'Chen Wei', 'Dana Kowalski', 'Eli Haddad'];

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

/**
 * Fills an empty database with 90 days of clearly-labelled demo history plus a few open incidents, written through
 * the real incident service so timelines look like real ones. Returns how many incidents it made (0 if data exists).
 */
export async function seedDemo(app: AppServices, now: Date = app.clock.now(), count = 240): Promise<number> {
  if ((await app.db.dataSource.getRepository(Incident).count()) > 0) return 0;
  const clock = new ManualClock(now.getTime() - 91 * DAY);
  const quiet = createVigilPubSub(null).pubSub; // history is not news: nobody is subscribed to it
  const incidents = new IncidentService(app.db, quiet, clock, app.severityOptions);
  const catalog = new CatalogService(app.db, clock);
  for (const [name, description] of SERVICES) await catalog.create({ name, description: `${description} (demo)` });

  const random = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const starts = Array.from({ length: count }, () => now.getTime() - 90 * DAY + random() * 89 * DAY).sort((a, b) => a - b);
  for (const start of starts) {
    const [title, baseSeverity, service] = pick(PROBLEMS);
    const severity = random() < 0.2 ? pick(SEVERITIES) : baseSeverity;
    const sla = { P0: [3, 50], P1: [12, 200], P2: [45, 900], P3: [600, 9000] }[severity];
    clock.set(start);
    const source: IncidentSource = random() < 0.7 ? 'MONITORING_ALERT' : random() < 0.5 ? 'USER_REPORT' : 'INTERNAL_DISCOVERY';
    const incident = await incidents.declare({ title, severity, source, services: [service], summary: 'Demo incident.' }, demoActor('Vigil demo'));
    const who = demoActor(pick(PEOPLE));
    if (random() < 0.04) {
      clock.advance(sla[1] * MINUTE * 2);
      await incidents.resolve(incident.id, 'Auto-resolved: the alert cleared before anyone acknowledged.', demoActor('Vigil demo'));
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
    await incidents.resolve(incident.id, 'Error rates normal, health checks passing.', who);
  }

  // A few incidents open right now, at different points of the lifecycle, so the wall has something to show.
  const open: Array<[string, Severity, string, number, 'TRIGGERED' | 'ACKNOWLEDGED' | 'IDENTIFIED']> = [
    ['Checkout error rate 12% in eu-west', 'P0', 'checkout-api', 8 * MINUTE, 'ACKNOWLEDGED'],
    ['Search results stale for some users', 'P2', 'search', 25 * MINUTE, 'TRIGGERED'],
    ['SSO login loop on mobile app', 'P1', 'auth', 70 * MINUTE, 'IDENTIFIED'],
  ];
  for (const [title, severity, service, ago, status] of open) {
    clock.set(now.getTime() - ago);
    const incident = await incidents.declare({ title, severity, source: 'MONITORING_ALERT', services: [service], summary: 'Demo incident.' }, demoActor('Vigil demo'));
    if (status === 'TRIGGERED') continue;
    clock.advance(Math.min(ago / 3, 10 * MINUTE));
    await incidents.acknowledge(incident.id, demoActor(PEOPLE[0]));
    if (status === 'IDENTIFIED') {
      clock.advance(ago / 3);
      await incidents.transition(incident.id, 'IDENTIFIED', 'A config push broke the mobile redirect URI.', demoActor(PEOPLE[1]));
    }
  }
  return count + open.length;
}

