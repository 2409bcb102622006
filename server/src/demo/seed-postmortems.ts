import { Actor, ActionItemCategory, HOUR, ManualClock } from '@vigil/shared';
import { ActionItemService, PostmortemService } from '../postmortems';
import { Postmortem } from '../model/postmortem.entity';
import { User } from '../model/user.entity';

const ITEMS: Record<ActionItemCategory, string[]> = {
  IMMEDIATE: [
    'Add an alert on the 5xx rate of the failing endpoint',
    'Pin the config value that changed',
    'Add the missing dashboard panel to the runbook',
  ],
  SHORT_TERM: [
    'Canary the config pipeline before global rollout',
    'Load test the order API before each release',
    'Alert on queue age, not only queue depth',
  ],
  LONG_TERM: [
    'Split the sessions store from the auth database',
    'Make deploys roll back automatically on SLO burn',
    'Move exports to an idempotent job runner',
  ],
};

const asPerson = (u: User): Actor => ({ kind: 'USER', name: u.name, userId: u.id, role: u.role });

/**
 * What a team does after a P0/P1 in the demo history, on the historical clock: writes the post-mortem up and
 * publishes it (one in five late, the newest still in draft), adds one to three action items, and closes most
 * of them over the following weeks, so the wall's post-mortem panel and completion burndown have real shape.
 */
export async function followUp(o: {
  postmortems: PostmortemService;
  actionItems: ActionItemService;
  clock: ManualClock;
  now: Date;
  incidentId: number;
  owners: User[];
  random: () => number;
}): Promise<void> {
  const pm = await o.postmortems.byIncident(o.incidentId);
  if (!pm) return;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(o.random() * xs.length)];
  const author = asPerson(pick(o.owners));
  const resolvedAt = o.clock.now().getTime();
  const late = o.random() < 0.2;
  const writtenAt = resolvedAt + (late ? 50 + o.random() * 70 : 6 + o.random() * 36) * HOUR;
  if (writtenAt > o.now.getTime()) return; // the newest post-mortems are still drafts, some overdue
  o.clock.set(writtenAt);
  await o.postmortems.update(
    pm.id,
    {
      impactSummary: 'Some customers saw errors until the change was rolled back. (demo)',
      whatHappened: 'A configuration change reached every region at once. (demo)',
      whyItHappened:
        'The config pipeline has no canary stage, and the alert fired on averages, not on the worst region. (demo)',
      contributingFactors: 'Friday deploy; the runbook pointed at a retired dashboard. (demo)',
      usersAffected: Math.round(500 + o.random() * 20_000),
      usersAffectedPercent: Math.round(o.random() * 300) / 10,
    },
    author,
  );
  await o.postmortems.transition(pm.id, 'IN_REVIEW', author);
  await o.postmortems.transition(pm.id, 'PUBLISHED', author);
  await addItems(o, pm, pick);
}

async function addItems(
  o: Parameters<typeof followUp>[0],
  pm: Postmortem,
  pick: <T>(xs: readonly T[]) => T,
): Promise<void> {
  const categories: ActionItemCategory[] = ['IMMEDIATE', 'SHORT_TERM', 'LONG_TERM'].slice(
    0,
    1 + Math.floor(o.random() * 3),
  ) as ActionItemCategory[];
  const addedAt = o.clock.now().getTime();
  for (const category of categories) {
    const owner = pick(o.owners);
    o.clock.set(addedAt);
    const item = await o.actionItems.add(
      pm.id,
      { category, title: `${pick(ITEMS[category])} (demo)`, ownerId: String(owner.id) },
      asPerson(owner),
    );
    // Most items close, some after their due date; long-term work often is still open.
    const span = item.dueAt.getTime() - addedAt;
    const closeAt = addedAt + span * (0.2 + o.random() * 1.2);
    if (closeAt > o.now.getTime() || o.random() < (category === 'LONG_TERM' ? 0.5 : 0.15)) continue;
    o.clock.set(addedAt + (closeAt - addedAt) / 3);
    await o.actionItems.transition(item.id, 'IN_PROGRESS', null, asPerson(owner));
    o.clock.set(closeAt);
    if (o.random() < 0.1)
      await o.actionItems.transition(
        item.id,
        'WONT_DO',
        'Superseded by the platform migration. (demo)',
        asPerson(owner),
      );
    else await o.actionItems.transition(item.id, 'DONE', null, asPerson(owner));
  }
}
