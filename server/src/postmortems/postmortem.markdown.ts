import { In } from 'typeorm';
import { postmortemMarkdown } from '@vigil/shared';
import { Database } from '../db/data-source';
import { IncidentService } from '../incidents';
import { ActionItemService } from './action-item.service';
import { ChecklistService } from '../checklists';
import { User } from '../model/user.entity';
import { Postmortem } from '../model/postmortem.entity';

/** What the Markdown is read from. */
export interface MarkdownSources {
  readonly db: Database;
  readonly incidents: IncidentService;
  readonly actionItems: ActionItemService;
  readonly checklists: ChecklistService;
}

/** Loads what the Markdown needs (severity, items with owner names) and renders it with the domain template. */
export async function renderPostmortemMarkdown(app: MarkdownSources, pm: Postmortem): Promise<string> {
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
