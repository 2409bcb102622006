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

/**
 * Loads what the Markdown needs (severity, owner, reviewers, items with owner names and won't-do reasons) and
 * renders it with the domain template.
 */
export async function renderPostmortemMarkdown(app: MarkdownSources, pm: Postmortem): Promise<string> {
  const incident = await app.incidents.get(pm.incidentId);
  const items = await app.actionItems.forPostmortem(pm.id);
  const reviewerIds = pm.reviewerIds ?? [];
  const userIds = [
    ...new Set([...items.map((i) => i.ownerId), ...reviewerIds, ...(pm.ownerId === null ? [] : [pm.ownerId])]),
  ];
  const users = userIds.length ? await app.db.dataSource.getRepository(User).findBy({ id: In(userIds) }) : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  const name = (id: number) => names.get(id) ?? `user ${id}`;
  const resolution = await app.checklists.resolution(incident);
  return postmortemMarkdown({
    ...pm,
    severity: incident.severity,
    resolution: resolution?.summary ?? null,
    ownerName: pm.ownerId === null ? null : name(pm.ownerId),
    reviewerNames: reviewerIds.map(name),
    actionItems: items.map((i) => ({ ...i, ownerName: name(i.ownerId) })),
  });
}
