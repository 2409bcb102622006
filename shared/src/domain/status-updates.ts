import { validationError } from './errors';
import { IncidentStatus, PublicStatus } from './lifecycle';

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
  if (status === 'RESOLVED') throw validationError('publicStatus', 'A resolved incident can only get a RESOLVED status update.');
  if (word === 'RESOLVED') throw validationError('publicStatus', `RESOLVED needs the incident resolved first; it is ${status}.`);
  throw validationError('publicStatus', `MONITORING needs the incident mitigated first; it is ${status}.`);
}
