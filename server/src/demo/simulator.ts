import { Actor, DAY } from '@vigil/shared';
import { ServiceEntity } from '../model/service.entity';
import { AppServices } from '../services';
import { Incident } from '../model/incident.entity';
import { verifyAndResolve } from './verify';

const ALERTS: Array<[string, string, 'critical' | 'error' | 'warning']> = [
  ['checkout-api', 'HTTP 5xx rate above 12% on /api/orders', 'critical'],
  ['search', 'p99 latency above 2.5 s', 'warning'],
  ['auth', 'Login error rate above 5%', 'error'],
  ['web-frontend', 'Synthetic check failing from 3 regions', 'error'],
  ['notifications', 'Email queue older than 20 min', 'warning'],
  ['data-pipeline', 'Export job missed its window', 'warning'],
];
const RESPONDERS = ['Ana Ortiz', 'Ben Okafor', 'Chen Wei', 'Dana Kowalski'];

/** What a simulated responder does next with an open incident, and how many seconds after detection. */
const SCRIPT: Array<{ afterSeconds: number; act: (app: AppServices, i: Incident, who: Actor) => Promise<unknown> }> = [
  { afterSeconds: 45, act: (app, i, who) => app.incidents.acknowledge(i.id, who) },
  {
    afterSeconds: 75,
    act: (app, i, who) =>
      app.incidents.transition(i.id, 'INVESTIGATING', 'Checking dashboards and the last deploys.', who),
  },
  {
    afterSeconds: 120,
    act: (app, i, who) =>
      app.incidents.postStatusUpdate(
        i.id,
        {
          publicStatus: 'INVESTIGATING',
          internalMessage: 'Looking at the last deploy.',
          publicMessage: 'We are investigating elevated errors.',
        },
        who,
      ),
  },
  {
    afterSeconds: 170,
    act: (app, i, who) => app.incidents.transition(i.id, 'IDENTIFIED', 'A config change is the likely cause.', who),
  },
  {
    afterSeconds: 230,
    act: (app, i, who) => app.incidents.transition(i.id, 'MITIGATED', 'Rolled back; watching error rates.', who),
  },
  {
    afterSeconds: 300,
    act: (app, i, who) =>
      verifyAndResolve(app.checklists, app.incidents, i.id, 'Error rates normal, health checks passing.', who),
  },
];

/**
 * Demo mode only: keeps the wall alive. Sends an alert through the real PagerDuty-compatible endpoint every
 * ~40 s (at most 5 open at once), and moves each demo incident along like a responder would.
 */
export async function startSimulator(
  app: AppServices,
  baseUrl: string,
  log: (m: string) => void,
): Promise<{ stop(): void }> {
  const services = new Map((await app.db.dataSource.getRepository(ServiceEntity).find()).map((s) => [s.name, s]));
  const keys = new Map<string, string>();
  for (const [name] of ALERTS) {
    const service = services.get(name);
    if (!service) continue;
    const { key } = await app.integrations.create({
      serviceId: service.id,
      name: `${name} demo monitor`,
      kind: 'PAGERDUTY_EVENTS_V2',
    });
    keys.set(name, key);
  }
  let tick = 0;
  const step = async () => {
    tick++;
    const open = (await app.incidents.list({ open: true }, { first: 50 })).nodes;
    if (tick % 8 === 1 && open.length < 5) {
      const [service, summary, severity] = ALERTS[Math.floor(Math.random() * ALERTS.length)];
      const key = keys.get(service);
      if (key) {
        await fetch(`${baseUrl}/v2/enqueue`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            routing_key: key,
            event_action: 'trigger',
            dedup_key: `demo-${Date.now()}`,
            payload: { summary: `${summary} (demo)`, source: `${service}.demo`, severity },
          }),
        });
      }
    }
    const now = app.clock.now().getTime();
    for (const incident of open) {
      const age = (now - incident.detectedAt.getTime()) / 1000;
      if (age > DAY / 1000) continue; // the seeded long-running demo incidents stay as they are
      const who: Actor = {
        kind: 'USER',
        name: `${RESPONDERS[incident.id % RESPONDERS.length]} (demo)`,
        userId: null,
        role: 'RESPONDER',
      };
      const stage = stageOf(incident);
      const next = SCRIPT[stage];
      if (next && next.afterSeconds <= age) await next.act(app, incident, who).catch(() => undefined);
    }
  };
  const timer = setInterval(() => void step().catch((e) => log(`demo simulator: ${String(e)}`)), 5000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** How far along the script an incident already is. */
function stageOf(i: Incident): number {
  switch (i.status) {
    case 'TRIGGERED':
      return 0;
    case 'ACKNOWLEDGED':
      return 1;
    case 'INVESTIGATING':
      return i.lastStatusUpdateAt ? 3 : 2;
    case 'IDENTIFIED':
      return 4;
    case 'MITIGATED':
      return 5;
    default:
      return 6;
  }
}
