import { In } from 'typeorm';
import { postmortemMarkdown } from '@vigil/shared';
import { AppServices } from '../graphql/context';
import { User } from '../model/user.entity';
import { Postmortem } from '../model/postmortem.entity';

/** Loads what the Markdown needs (severity, items with owner names) and renders it with the domain template. */
export async function renderPostmortemMarkdown(app: AppServices, pm: Postmortem): Promise<string> {
  const incident = await app.incidents.get(pm.incidentId);
  const items = await app.actionItems.forPostmortem(pm.id);
  const ownerIds = [...new Set(items.map((i) => i.ownerId))];
  const owners = ownerIds.length ? await app.db.dataSource.getRepository(User).findBy({ id: In(ownerIds) }) : [];
  const names = new Map(owners.map((u) => [u.id, u.name]));
  const resolution = await app.checklists.resolution(incident);
  return postmortemMarkdown({
    ...pm,
    severity: incident.severity,
    resolution: resolution?.summary ?? null,
    actionItems: items.map((i) => ({ ...i, ownerName: names.get(i.ownerId) ?? `user ${i.ownerId}` })),
  });
}
