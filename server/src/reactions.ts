import { IncidentReaction } from './incidents/incident.service';

/**
 * What happens when an incident changes, in order: the one list a reader checks. Each reaction runs inside the
 * change's unit of work (same transaction, so a change and its consequences commit or fail together); what it
 * publishes leaves after commit.
 *
 * The order matters: maintenance decides first whether the change may page at all (`quiet`); paging and
 * notifications see that; the ladder's lines are written before the reactions that read `change.events`.
 */
export function incidentReactions(r: {
  maintenanceSilence: IncidentReaction;
  notify: IncidentReaction;
  cancelAnsweredPages: IncidentReaction;
  escalation: IncidentReaction;
  rollback: IncidentReaction;
  alertsClose: IncidentReaction;
  publication: IncidentReaction;
  statusPage: IncidentReaction;
  subscribers: IncidentReaction;
  postmortems: IncidentReaction;
  metrics: IncidentReaction;
}): readonly IncidentReaction[] {
  return [
    r.maintenanceSilence, // a new incident on a service in maintenance is recorded, not paged
    r.notify, // #incidents and email: declared, status updates, resolved
    r.cancelAnsweredPages, // an answered page stops every person's steps not yet sent (before any new page is made)
    r.escalation, // the ladder starts (level 1 and a P0's stakeholders), stops when answered, restarts on reopen
    r.rollback, // after commit: rollback advice when a rule matches a suspect deployment
    r.alertsClose, // a resolved incident closes its alerts, so the next trigger opens a new incident
    r.publication, // a new incident is published by default for its severity (not in maintenance); a raise follows
    r.statusPage, // the public page hears of what it shows
    r.subscribers, // its subscribers hear of a publication, each public update and the resolution (outbox)
    r.postmortems, // a P0/P1 resolution opens its post-mortem; an unpublished one's facts are drawn again
    r.metrics, // the charts are recounted (debounced)
  ];
}
