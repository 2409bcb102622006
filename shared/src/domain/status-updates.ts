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

/**
 * The public line a resolution adds (issue 20): a published incident's story ends with "Resolved", not with the
 * last "We are looking into it". A responder who wants to say more posts a Resolved update of their own after.
 */
export const RESOLVED_PUBLIC_MESSAGE = 'This incident has been resolved.';

/**
 * The word the status page shows for an incident (the page, its JSON, its feed and the console all use this one):
 * the newest word customers were given, while the lifecycle allows it; the lifecycle's own word when nothing was
 * published or the newest word no longer fits (a reopened incident's "Resolved", a failed mitigation's
 * "Monitoring" — Vigil then publishes a line saying so, `retractionPublicUpdate`). So the page never says one word
 * while its newest update says another: a mitigation shows as "Monitoring" once the commander says so, and an
 * "Identified" posted after mitigation (a second region hit) is what the page says.
 */
export function shownPublicStatus(
  status: IncidentStatus,
  lastPublished: PublicStatus | null | undefined,
): PublicStatus {
  if (lastPublished && allowedPublicStatuses(status).includes(lastPublished)) return lastPublished;
  return publicStatusOf(status);
}

/** The neutral public line Vigil posts when a lifecycle move takes back the word customers were last given. */
const RETRACTED_PUBLIC_MESSAGES: Readonly<Record<PublicStatus, string>> = {
  INVESTIGATING: 'The fix did not hold. We are investigating again and will post updates here.',
  IDENTIFIED: 'The fix did not hold. We know the cause and are working on another fix; updates will follow here.',
  MONITORING: 'A fix is in place and we are monitoring the results.',
  RESOLVED: RESOLVED_PUBLIC_MESSAGE,
};

/**
 * After a lifecycle move to `status`: the public update Vigil adds because the newest published word no longer fits
 * (null when it still fits or nothing was published), so the newest update and the page's word stay the same.
 */
export function retractionPublicUpdate(
  status: IncidentStatus,
  lastPublished: PublicStatus | null | undefined,
): { publicStatus: PublicStatus; message: string } | null {
  if (!lastPublished) return null;
  const shown = shownPublicStatus(status, lastPublished);
  return shown === lastPublished ? null : { publicStatus: shown, message: RETRACTED_PUBLIC_MESSAGES[shown] };
}

/**
 * What customers are told when an incident is resolved: the resolver's own public text, or (monitoring resolving,
 * or a person who said nothing) the neutral line.
 */
export function resolvedPublicUpdate(message?: string | null): { publicStatus: PublicStatus; message: string } {
  return { publicStatus: 'RESOLVED', message: message?.trim() || RESOLVED_PUBLIC_MESSAGE };
}

/** The public line a reopening adds: neutral (the reason is internal), so the newest public word is not "Resolved". */
export const REOPENED_PUBLIC_MESSAGE = 'This issue has come back. We are investigating and will post updates here.';

/**
 * What customers are told when a resolved incident comes back: the lifecycle's word for where it now is, and a
 * neutral line. The page's newest update and its feed then say the incident is back before anyone posts; it is not
 * the commander's status update (the cadence still asks for one).
 */
export function reopenedPublicUpdate(status: IncidentStatus): { publicStatus: PublicStatus; message: string } {
  return { publicStatus: publicStatusOf(status), message: REOPENED_PUBLIC_MESSAGE };
}
