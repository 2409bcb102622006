import { validationError } from './errors';
import { IncidentStatus, PublicStatus, publicStatusOf } from './lifecycle';

/**
 * What a status update may tell the public, given where the incident is: "Resolved" only once it is resolved (and
 * then nothing else), "Monitoring" only from mitigation on; "Investigating" and "Identified" while it is open. The
 * page must never say Resolved while it lists the incident as active.
 */
export function allowedPublicStatuses(status: IncidentStatus): PublicStatus[] {
  if (status === 'RESOLVED') return ['RESOLVED'];
  if (status === 'MITIGATED') return ['INVESTIGATING', 'IDENTIFIED', 'MONITORING'];
  return ['INVESTIGATING', 'IDENTIFIED'];
}

/** Throws VALIDATION on publicStatus, saying what to do first, unless the word fits the incident's status. */
export function assertPublicStatusAllowed(status: IncidentStatus, word: PublicStatus): void {
  if (allowedPublicStatuses(status).includes(word)) return;
  if (status === 'RESOLVED')
    throw validationError('publicStatus', 'A resolved incident can only get a RESOLVED status update.');
  if (word === 'RESOLVED')
    throw validationError('publicStatus', `RESOLVED needs the incident resolved first; it is ${status}.`);
  throw validationError('publicStatus', `MONITORING needs the incident mitigated first; it is ${status}.`);
}

const WORD_ORDER: readonly PublicStatus[] = ['INVESTIGATING', 'IDENTIFIED', 'MONITORING', 'RESOLVED'];

/**
 * The word the status page shows for an incident: the lifecycle's own word, unless a responder published one
 * further along that the lifecycle still allows ("Identified" told to customers while the incident is still
 * ACKNOWLEDGED). A word that no longer fits (a reopened incident's "Resolved", a failed mitigation's "Monitoring")
 * gives way to the lifecycle's. So the incident and its newest update do not say two different things.
 */
export function shownPublicStatus(
  status: IncidentStatus,
  lastPublished: PublicStatus | null | undefined,
): PublicStatus {
  const own = publicStatusOf(status);
  if (!lastPublished || !allowedPublicStatuses(status).includes(lastPublished)) return own;
  return WORD_ORDER.indexOf(lastPublished) > WORD_ORDER.indexOf(own) ? lastPublished : own;
}
