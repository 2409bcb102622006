import { EntityManager } from 'typeorm';
import { IncidentStatus, Severity } from '@vigil/shared';

type NotificationChannel = 'SLACK' | 'EMAIL' | 'WEBHOOK' | 'TICKET' | 'SMS' | 'VOICE' | 'TEAMS' | 'PUSH';

/** What one delivery attempt produced, before the retry rules decide what it means. */
export interface DeliveryOutcome {
  ok: boolean;
  /** HTTP status or SMTP reply code; null when nothing answered. */
  code: number | null;
  retryAfter?: string | null;
  /** The failure will not go away by trying again (a rejected address, a 4xx that is not 408/425/429). */
  permanent?: boolean;
  error?: string | null;
  /** Set when the channel is not configured: recorded, never retried. */
  skipped?: string;
}

/** Who a notification is for: a person (their contact methods decide how) or a named audience/channel. */
interface NotificationTarget {
  userId: number | null;
  name: string;
}

/** A message that must reach someone, written to the outbox in the same transaction as its cause. */
export interface NotificationRequest {
  /** Null for a notice about no incident (a shift hand-off). */
  incidentId: number | null;
  /** Why it is sent, e.g. PAGE (an escalation level fired), INCIDENT_OPENED, STATUS_UPDATE_DUE, RESOLVED. */
  kind: string;
  /** The escalation level that fired (1-based), or 0 when this is not a page. */
  level: number;
  target: NotificationTarget;
  /** A fixed channel; when absent the target's contact methods decide. */
  channel?: NotificationChannel;
  /** For an audience (no person): where exactly, e.g. `team:<id>` for a team's Teams channel; none: the default. */
  address?: string | null;
  /** Only this one of the target's contact methods (a test page), at once. */
  contactMethodId?: number;
  /** Unique per (incident, level, target, channel, kind): the same key is never sent twice. */
  idempotencyKey: string;
  /** Recorded but not sent, with this reason (a rate limit): every row it would have made is SKIPPED with it. */
  held?: string | null;
  message: {
    title: string;
    body: string;
    severity: Severity | null;
    status: IncidentStatus | null;
    url: string;
    /** The components (services) it is about. */
    services?: string[];
    /** The status page's word (a subscriber notice): Investigating … Resolved. */
    publicStatus?: string | null;
  };
}

/** The notifications feature implements this; escalation and cadence reminders call it inside their transactions. */
export interface Notifier {
  /** Returns how many outbox rows were new (0 when every idempotency key was already there). */
  enqueueIn(m: EntityManager, requests: NotificationRequest[]): Promise<number>;
}
