import { validationError } from './errors';
import { Severity, severityRank } from './severity';
import { ComponentState, componentStateForSeverity } from './statuspage';

/**
 * Whether an incident is on the public status page is a decision (issue 20). Until a responder makes it, the
 * default decides by severity: P0/P1 are on the page from declaration (customers are already noticing), P2/P3 stay
 * off until someone publishes them (a typo in a receipt footer is not a "degraded performance" the world needs to
 * read). An incident declared on a service in maintenance is not published by default: the window already says so.
 */
export const PublicationState = { PUBLISHED: 'PUBLISHED', UNPUBLISHED: 'UNPUBLISHED' } as const;
export type PublicationState = (typeof PublicationState)[keyof typeof PublicationState];

/** Who decided: the default (which follows the severity), or a responder (whose decision stands). */
export const PublicationDecidedBy = { DEFAULT: 'DEFAULT', RESPONDER: 'RESPONDER' } as const;
export type PublicationDecidedBy = (typeof PublicationDecidedBy)[keyof typeof PublicationDecidedBy];

/** An impact a published incident may claim for its components (operational is no incident). */
export const PUBLIC_IMPACTS: readonly ComponentState[] = ['DEGRADED_PERFORMANCE', 'PARTIAL_OUTAGE', 'MAJOR_OUTAGE'];

export interface Publication {
  state: PublicationState;
  decidedBy: PublicationDecidedBy;
  /** The public title a responder chose; null: the neutral one (impact and components). */
  title: string | null;
  /** The impact a responder chose; null: the severity's. */
  impact: ComponentState | null;
}

/** The least severe severity published without anyone deciding (VIGIL_STATUS_PUBLISH_UP_TO); P1 by default. */
export const DEFAULT_AUTO_PUBLISH_UP_TO: Severity = 'P1';

/** The default publication of a new incident: published when its severity is `autoPublishUpTo` or worse. */
export function defaultPublication(
  severity: Severity,
  options: { autoPublishUpTo: Severity | null; inMaintenance: boolean },
): Publication {
  const published =
    !options.inMaintenance &&
    options.autoPublishUpTo !== null &&
    severityRank(severity) <= severityRank(options.autoPublishUpTo);
  return {
    state: published ? 'PUBLISHED' : 'UNPUBLISHED',
    decidedBy: 'DEFAULT',
    title: null,
    impact: null,
  };
}

/**
 * After a severity change: a default publication follows the new severity (a P3 raised to P1 goes on the page; a
 * P1 lowered to P3 stays, since customers have read about it); a responder's decision stands.
 */
export function publicationAfterSeverityChange(
  current: Publication,
  severity: Severity,
  autoPublishUpTo: Severity | null,
): Publication {
  if (current.decidedBy === 'RESPONDER' || current.state === 'PUBLISHED') return current;
  return defaultPublication(severity, { autoPublishUpTo, inMaintenance: false });
}

/** The impact a published incident shows: the responder's, else the severity's. */
export function publicImpact(publication: Pick<Publication, 'impact'>, severity: Severity): ComponentState {
  return publication.impact ?? componentStateForSeverity(severity);
}

/** Checks a responder's public title and impact; throws VALIDATION naming the field. */
export function validatePublicationInput(input: { title?: string | null; impact?: string | null }): {
  title: string | null;
  impact: ComponentState | null;
} {
  const title = input.title?.trim() || null;
  if (title !== null && title.length > 200) throw validationError('title', 'title must be at most 200 characters.');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a public one-line title must not carry
  if (title !== null && /[\u0000-\u001f\u007f]/.test(title))
    throw validationError('title', 'title must be one line of text, without control characters.');
  const impact = input.impact ?? null;
  if (impact !== null && !PUBLIC_IMPACTS.includes(impact as ComponentState))
    throw validationError('impact', `impact must be one of ${PUBLIC_IMPACTS.join(', ')}.`);
  return { title, impact: impact as ComponentState | null };
}
