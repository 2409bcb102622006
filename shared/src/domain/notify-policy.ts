import { NotifyAudience, Severity, SeverityOptions, severityPolicy } from './severity';
import { SlaSubject, slaStatus } from './sla';
import { MINUTE } from './time';

/** Where a notification goes: Slack #incidents, email, the generic outbound webhook, or the team's ticket system. */
export type NotifyChannelKind = 'SLACK' | 'EMAIL' | 'WEBHOOK' | 'TICKET';

/**
 * The incident moments that notify someone besides the escalation engine's pages. RAISED: made more severe (a P3
 * found to be a P0 must reach everyone a P0 reaches when declared).
 */
export type NotifyMoment = 'DECLARED' | 'STATUS_UPDATE' | 'RESOLVED' | 'REOPENED' | 'RAISED';

/** Who hears of it: the stakeholder email list, the #incidents channel, the ticket system, or integrations. */
export type NotifyRecipient = 'STAKEHOLDERS' | 'INCIDENTS_CHANNEL' | 'TICKET_SYSTEM' | 'INTEGRATIONS';

export interface PlannedNotification {
  recipient: NotifyRecipient;
  channel: NotifyChannelKind;
}

const BY_AUDIENCE: Record<NotifyAudience, PlannedNotification[]> = {
  ALL_STAKEHOLDERS: [
    { recipient: 'STAKEHOLDERS', channel: 'EMAIL' },
    { recipient: 'INCIDENTS_CHANNEL', channel: 'SLACK' },
  ],
  // People are paged (and a P0's stakeholders told) by the escalation engine, see pagingPlan; the notifier's part
  // is the procedure's #incidents post.
  ONCALL_ENGINEER: [{ recipient: 'INCIDENTS_CHANNEL', channel: 'SLACK' }],
  TEAM_LEAD: [{ recipient: 'INCIDENTS_CHANNEL', channel: 'SLACK' }],
  TICKET_SYSTEM: [{ recipient: 'TICKET_SYSTEM', channel: 'TICKET' }],
};

/**
 * Who is told when an incident of a severity is declared, gets a status update, is resolved or reopened, following the
 * severity table's "notified" column and the procedure's status-update channels (Slack #incidents, stakeholder
 * email). Every moment also goes to the generic outbound webhook, so integrations see the whole lifecycle.
 */
export function notificationPlan(moment: NotifyMoment, severity: Severity): PlannedNotification[] {
  const planned: PlannedNotification[] = [];
  const add = (p: PlannedNotification) => {
    if (!planned.some((q) => q.recipient === p.recipient && q.channel === p.channel)) planned.push(p);
  };
  const audiences = severityPolicy(severity).notify;
  if (moment === 'STATUS_UPDATE') {
    // Updates go where the procedure says updates go; stakeholders get email only if they were told at the start.
    if (audiences.includes('ALL_STAKEHOLDERS')) add({ recipient: 'STAKEHOLDERS', channel: 'EMAIL' });
    add({ recipient: 'INCIDENTS_CHANNEL', channel: 'SLACK' });
  }
  for (const audience of moment === 'STATUS_UPDATE' ? [] : audiences) BY_AUDIENCE[audience].forEach(add);
  // A resolution is news to #incidents even when the incident opened only as a ticket; so is a reopening, to
  // everyone who was told it was resolved. A raise goes where the new severity is announced (never to the ticket
  // system alone: it is worse than a ticket now), and #incidents hears it.
  if (moment === 'RAISED') planned.splice(0, planned.length, ...planned.filter((p) => p.channel !== 'TICKET'));
  if (moment === 'RESOLVED' || moment === 'REOPENED' || moment === 'RAISED')
    add({ recipient: 'INCIDENTS_CHANNEL', channel: 'SLACK' });
  add({ recipient: 'INTEGRATIONS', channel: 'WEBHOOK' });
  return planned;
}

/** What the severity table's "Notification" column asks of the people on the escalation path. */
export interface PagingPlan {
  /** The escalation ladder starts: someone must acknowledge. False for P3, which is a ticket and no page. */
  page: boolean;
  /** Everyone on the path (on-call, lead, manager, CTO) is told at once by their contact methods, besides the page. */
  notifyEveryone: boolean;
}

/**
 * P0 "all stakeholders immediately": everyone on the escalation path hears at once, while the page climbs; P1 and
 * P2 page (whom, at once, is the policy's: the procedure policy pages the P1 lead with the on-call engineer); P3
 * "ticket system": no page at all.
 */
export function pagingPlan(severity: Severity): PagingPlan {
  const audiences = severityPolicy(severity).notify;
  return {
    page: audiences.some((a) => a !== 'TICKET_SYSTEM'),
    notifyEveryone: audiences.includes('ALL_STAKEHOLDERS'),
  };
}

/**
 * Whom a status-update reminder goes to: the commander, else the person the incident is now with (who said "I've
 * got it", or was handed it), else whoever acknowledged, else #incidents.
 */
export function reminderRecipient(
  commanderId: number | null,
  acknowledgedById: number | null,
  assigneeId: number | null = null,
): { userId: number } | 'INCIDENTS_CHANNEL' {
  if (commanderId !== null) return { userId: commanderId };
  if (assigneeId !== null) return { userId: assigneeId };
  if (acknowledgedById !== null) return { userId: acknowledgedById };
  return 'INCIDENTS_CHANNEL';
}

/** An overdue status update reminds the commander again this often until an update is posted. */
export const REMIND_AGAIN_EVERY_MS = 10 * MINUTE;

/** Which reminder of a missed due time is due at `now`: 0 as soon as it is overdue, 1 ten minutes later, and so on. */
export function reminderRound(dueAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - dueAt.getTime()) / REMIND_AGAIN_EVERY_MS));
}

/**
 * One reminder per round of a missed due time: the key changes every 10 minutes while the update is missing, and
 * when a new update moves the due time. (Round 0 keeps the key reminders had before they repeated.)
 */
export function reminderKey(incidentId: number, dueAt: Date, round = 0): string {
  return `incident:${incidentId}:STATUS_UPDATE_DUE:${dueAt.toISOString()}${round > 0 ? `:r${round}` : ''}`;
}

/** The two SLA clocks of the severity table. */
export type SlaClockKind = 'ACKNOWLEDGE' | 'RESOLVE';

/** A clock that ran out with its work not done: said out loud once (breachKey). */
export interface SlaBreach {
  clock: SlaClockKind;
  deadline: Date;
}

/** The clocks breached at `now`: past the deadline (inclusive deadlines: at it is not late) and not done. */
export function slaBreaches(incident: SlaSubject, now: Date, options: SeverityOptions = {}): SlaBreach[] {
  const status = slaStatus(incident, now, options);
  const out: SlaBreach[] = [];
  if (incident.acknowledgedAt === null && status.acknowledge.state === 'BREACHED')
    out.push({ clock: 'ACKNOWLEDGE', deadline: status.acknowledge.deadline });
  if (incident.resolvedAt === null && status.resolve.state === 'BREACHED')
    out.push({ clock: 'RESOLVE', deadline: status.resolve.deadline });
  return out;
}

/** Once per breach: the deadline is part of the key, so a re-rating (a new deadline) can breach again. */
export function breachKey(incidentId: number, breach: SlaBreach): string {
  return `sla:${incidentId}:${breach.clock}:${breach.deadline.toISOString()}`;
}

/**
 * Who hears of a breach besides #incidents: the commander when there is one, else the next level of the
 * severity's ladder above the one responsible at the deadline (`levelAbove`, escalation.ts), else nobody more.
 */
export function breachAudience(
  commanderId: number | null,
  levelAbove: number | null,
): { userId: number } | { level: number } | null {
  if (commanderId !== null) return { userId: commanderId };
  if (levelAbove !== null) return { level: levelAbove };
  return null;
}
