import { DomainError, ErrorCode, validationError } from './errors';
import { markdownLines, markdownText, markdownUrl } from './markdown';
import { Severity } from './severity';
import { factsMarkdown, PostmortemFacts } from './postmortem-facts';
import { formatDuration, HOUR } from './time';
import { Role, roleAtLeast } from './permissions';

/**
 * Step 6 of the procedure: a post-mortem per the template. P0/P1 get one automatically on resolution, due 48 hours
 * after the (first) resolution and overdue while unpublished after that. P2/P3, and incidents monitoring resolved
 * before anyone acknowledged them (a flap is not an incident anyone responded to), get one on request, due 48
 * hours after the request.
 */
export const PostmortemStatus = { DRAFT: 'DRAFT', IN_REVIEW: 'IN_REVIEW', PUBLISHED: 'PUBLISHED' } as const;
export type PostmortemStatus = (typeof PostmortemStatus)[keyof typeof PostmortemStatus];

export const POSTMORTEM_DUE_MS = 48 * HOUR;

/** The template's timeline headings. */
export const PostmortemTimelineKind = {
  DETECTION: 'DETECTION',
  ACKNOWLEDGEMENT: 'ACKNOWLEDGEMENT',
  INVESTIGATION: 'INVESTIGATION',
  MITIGATION: 'MITIGATION',
  RESOLUTION: 'RESOLUTION',
} as const;
export type PostmortemTimelineKind = (typeof PostmortemTimelineKind)[keyof typeof PostmortemTimelineKind];

export interface PostmortemTimelineEntry {
  at: string;
  kind: PostmortemTimelineKind;
  text: string;
}

export const POSTMORTEM_LIMITS = { text: 20_000, timelineEntries: 200, entryText: 2_000 } as const;

/** Whether resolving opens a post-mortem without being asked: P0/P1, unless it was auto-resolved. */
export function postmortemRequired(severity: Severity, autoResolved = false): boolean {
  return (severity === 'P0' || severity === 'P1') && !autoResolved;
}

/** A required post-mortem is due 48 h after the resolution; an optional one 48 h after it was asked for. */
export function postmortemDueAt(resolvedAt: Date, requestedAt: Date | null = null): Date {
  const from = requestedAt && requestedAt.getTime() > resolvedAt.getTime() ? requestedAt : resolvedAt;
  return new Date(from.getTime() + POSTMORTEM_DUE_MS);
}

/** Overdue: not published and strictly past the due time. */
export function postmortemOverdue(pm: { status: PostmortemStatus; dueAt: Date }, now: Date): boolean {
  return pm.status !== 'PUBLISHED' && now.getTime() > pm.dueAt.getTime();
}

/** Published by the due time (inclusive); null while still a draft or in review. */
export function postmortemOnTime(pm: { publishedAt: Date | null; dueAt: Date }): boolean | null {
  return pm.publishedAt ? pm.publishedAt.getTime() <= pm.dueAt.getTime() : null;
}

const NEXT: Record<PostmortemStatus, readonly PostmortemStatus[]> = {
  DRAFT: ['IN_REVIEW'],
  // Reviewers send it back for changes, or publish it.
  IN_REVIEW: ['DRAFT', 'PUBLISHED'],
  PUBLISHED: [],
};

export function allowedPostmortemTransitions(from: PostmortemStatus): readonly PostmortemStatus[] {
  return NEXT[from];
}

/** What must be written before publishing: the root cause, both halves. */
export interface PublishableFields {
  whatHappened: string | null;
  whyItHappened: string | null;
}

/** Checks a state move; publishing also needs the root cause filled in. Throws INVALID_TRANSITION / VALIDATION. */
export function assertPostmortemTransition(
  from: PostmortemStatus,
  to: PostmortemStatus,
  fields: PublishableFields,
): void {
  if (!NEXT[from].includes(to)) {
    throw new DomainError(ErrorCode.INVALID_TRANSITION, `A post-mortem cannot move from ${from} to ${to}.`, 'to', {
      from,
      to,
    });
  }
  if (to === 'PUBLISHED') {
    if (!fields.whatHappened) throw validationError('whatHappened', 'Describe what happened before publishing.');
    if (!fields.whyItHappened) throw validationError('whyItHappened', 'Describe why it happened before publishing.');
  }
}

/** A post-mortem is edited until it is published; after that it is a record. */
export function assertPostmortemEditable(status: PostmortemStatus): void {
  if (status === 'PUBLISHED') {
    throw new DomainError(ErrorCode.INVALID_TRANSITION, 'A published post-mortem can no longer be edited.', 'id', {
      from: status,
    });
  }
}

export const POSTMORTEM_MAX_REVIEWERS = 10;

/**
 * Who owns and who reviews a post-mortem after an assignment (fields left out stay as they are): reviewers once
 * each, at most ten, and not the owner (a review is a second pair of eyes). VALIDATION naming the field otherwise.
 */
export function decidePostmortemAssignment(
  current: { ownerId: number | null; reviewerIds: readonly number[] },
  input: { ownerId?: number | null; reviewerIds?: readonly number[] | null },
): { ownerId: number | null; reviewerIds: number[]; ownerChanged: boolean } {
  const ownerId = input.ownerId === undefined ? current.ownerId : input.ownerId;
  const reviewerIds = [...(input.reviewerIds ?? current.reviewerIds)];
  if (new Set(reviewerIds).size !== reviewerIds.length)
    throw validationError('reviewerIds', 'reviewerIds names someone twice.');
  if (reviewerIds.length > POSTMORTEM_MAX_REVIEWERS)
    throw validationError('reviewerIds', `reviewerIds may name at most ${POSTMORTEM_MAX_REVIEWERS} people.`);
  if (ownerId !== null && reviewerIds.includes(ownerId))
    throw validationError('reviewerIds', 'The owner cannot also review the post-mortem; choose another reviewer.');
  return { ownerId, reviewerIds, ownerChanged: ownerId !== current.ownerId };
}

/**
 * Who may be named on a post-mortem: an active person; the owner also one who may write it (RESPONDER or above),
 * as a page goes only to someone who may answer it. A VIEWER owner could neither edit nor publish it, so the
 * post-mortem would fall overdue with nobody able to act. VALIDATION naming the field otherwise.
 */
export function assertPostmortemAssignees(
  owner: { id: number; name: string; role: Role; active: boolean } | null,
  reviewers: readonly { id: number; name: string; active: boolean }[],
): void {
  if (owner && !owner.active) throw validationError('ownerId', `ownerId: ${owner.name} is not an active user.`);
  if (owner && !roleAtLeast(owner.role, 'RESPONDER'))
    throw validationError(
      'ownerId',
      `ownerId: ${owner.name} is a ${owner.role} and cannot edit or publish a post-mortem; the owner needs the RESPONDER role or above.`,
    );
  const gone = reviewers.find((r) => !r.active);
  if (gone) throw validationError('reviewerIds', `reviewerIds: ${gone.name} is not an active user.`);
}

/**
 * Who may own an action item: an active person who may move it along (RESPONDER or above). A VIEWER owner gets
 * FORBIDDEN on every move, so the item would sit undone with nobody able to close it.
 */
export function mayOwnActionItem(person: { role: Role; active: boolean }): boolean {
  return person.active && roleAtLeast(person.role, 'RESPONDER');
}

/** mayOwnActionItem, as a VALIDATION error naming `ownerId` and the rule. */
export function assertActionItemOwner(person: { name: string; role: Role; active: boolean }): void {
  if (!person.active) throw validationError('ownerId', `ownerId: ${person.name} is not an active user.`);
  if (!mayOwnActionItem(person))
    throw validationError(
      'ownerId',
      `ownerId: ${person.name} is a ${person.role} and cannot move an action item; the owner needs the RESPONDER role or above.`,
    );
}

/** The shape of an incident timeline event the pre-fill reads (a subset of the server's TimelineEvent). */
export interface SourceTimelineEvent {
  type: string;
  message: string;
  at: Date;
  data?: Record<string, unknown> | null;
}

function kindOf(e: SourceTimelineEvent): PostmortemTimelineKind | null {
  switch (e.type) {
    case 'DECLARED':
      return 'DETECTION';
    case 'ACKNOWLEDGED':
    case 'PAGE_ACCEPTED':
      return 'ACKNOWLEDGEMENT';
    case 'RESOLVED':
      return 'RESOLUTION';
    case 'STATUS_CHANGED':
      return e.data?.to === 'MITIGATED' ? 'MITIGATION' : 'INVESTIGATION';
    // The procedure's mitigation steps: a rollback or any other runbook actually run (a dry run changed nothing).
    case 'RUNBOOK_STARTED':
      return e.data?.dryRun ? null : 'MITIGATION';
    case 'RUNBOOK_FINISHED':
      return 'MITIGATION';
    // A status update told customers "Monitoring": a fix is in place.
    case 'STATUS_UPDATE':
      return e.data?.publicStatus === 'MONITORING' ? 'MITIGATION' : 'INVESTIGATION';
    // Who was paged and when, clocks that ran out, advice given: the investigation's milestones.
    case 'ESCALATED':
    case 'SLA_BREACHED':
    case 'ROLLBACK_RECOMMENDED':
    case 'REASSIGNED':
    case 'NOTE':
    case 'SEVERITY_CHANGED':
    case 'REOPENED':
      return 'INVESTIGATION';
    // Public updates repeat a status update; post-mortem events are about the post-mortem, not the incident.
    default:
      return null;
  }
}

/** Pre-fills the template's timeline from the incident's timeline events (oldest first), to be edited. */
export function prefillTimeline(events: readonly SourceTimelineEvent[], detectedAt?: Date): PostmortemTimelineEntry[] {
  const entries = [...events]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .flatMap((e) => {
      const kind = kindOf(e);
      return kind ? [{ at: e.at.toISOString(), kind, text: e.message.slice(0, POSTMORTEM_LIMITS.entryText) }] : [];
    });
  // A report declared late (detected 20 minutes before): the template's detection time is the detection, and the
  // duration counts from it, as the SLA clocks and the metrics do.
  const declared = events.find((e) => e.type === 'DECLARED');
  if (!detectedAt || !declared || declared.at.getTime() - detectedAt.getTime() < 1000) return entries;
  const text = `Detected (${formatDuration(declared.at.getTime() - detectedAt.getTime())} before it was declared)`;
  return [{ at: detectedAt.toISOString(), kind: 'DETECTION', text }, ...entries];
}

/**
 * Brings an unpublished post-mortem's timeline up to date after the incident moved on (reopened, resolved again):
 * the author's entries stay as they are, and what happened after the resolution it last knew (at `since`; `events`
 * oldest first, as written) is added in time order; an entry already there (same time, kind, text) is not added twice.
 */
export function timelineSince(
  existing: readonly PostmortemTimelineEntry[],
  events: readonly SourceTimelineEvent[],
  since: Date,
): PostmortemTimelineEntry[] {
  const known = new Set(existing.map((e) => `${e.at}|${e.kind}|${e.text}`));
  // After the resolution it knew (events in the order they were written: a reopen in the same second comes after).
  let knownResolution = -1;
  events.forEach((e, i) => {
    if (e.type === 'RESOLVED' && e.at.getTime() <= since.getTime()) knownResolution = i;
  });
  const added = prefillTimeline(events.slice(knownResolution + 1)).filter(
    (e) => !known.has(`${e.at}|${e.kind}|${e.text}`),
  );
  return [...existing, ...added].sort((a, b) => a.at.localeCompare(b.at)).slice(0, POSTMORTEM_LIMITS.timelineEntries);
}

/** Validates an edited timeline: dates, kinds, text lengths, entry count; returns it sorted by time. */
export function validateTimeline(
  entries: ReadonlyArray<{ at: Date; kind: string; text: string }>,
): PostmortemTimelineEntry[] {
  if (entries.length > POSTMORTEM_LIMITS.timelineEntries)
    throw validationError('timeline', `timeline may have at most ${POSTMORTEM_LIMITS.timelineEntries} entries.`);
  return entries
    .map((e, n) => {
      if (!(e.at instanceof Date) || Number.isNaN(e.at.getTime()))
        throw validationError('timeline', `timeline entry ${n + 1} needs a date.`);
      if (!(e.kind in PostmortemTimelineKind))
        throw validationError('timeline', `timeline entry ${n + 1} has an unknown kind.`);
      const text = e.text.trim();
      if (!text || text.length > POSTMORTEM_LIMITS.entryText)
        throw validationError(
          'timeline',
          `timeline entry ${n + 1} needs 1–${POSTMORTEM_LIMITS.entryText} characters of text.`,
        );
      return { at: e.at.toISOString(), kind: e.kind as PostmortemTimelineKind, text };
    })
    .sort((a, b) => a.at.localeCompare(b.at));
}

/** Duration from the timeline: first detection to last resolution; null until both are there. */
export function timelineDurationMs(entries: readonly PostmortemTimelineEntry[]): number | null {
  const detection = entries.find((e) => e.kind === 'DETECTION');
  const resolution = [...entries].reverse().find((e) => e.kind === 'RESOLUTION');
  if (!detection || !resolution) return null;
  return Date.parse(resolution.at) - Date.parse(detection.at);
}

/** Everything the Markdown export prints. */
export interface PostmortemDocument {
  title: string;
  severity: Severity;
  status: PostmortemStatus;
  dueAt: Date;
  impactSummary: string | null;
  /** How the resolution was verified (resolution.ts resolutionSummary); absent for an incident resolved before that was recorded. */
  resolution?: string | null;
  timeline: readonly PostmortemTimelineEntry[];
  whatHappened: string | null;
  whyItHappened: string | null;
  contributingFactors: string | null;
  usersAffected: number | null;
  usersAffectedPercent: number | null;
  revenueImpact: string | null;
  reputationImpact: string | null;
  /** The facts drawn from the incident's timeline (postmortem-facts.ts); absent on a post-mortem from before them. */
  facts?: PostmortemFacts | null;
  ownerName?: string | null;
  reviewerNames?: readonly string[];
  actionItems: ReadonlyArray<{
    category: string;
    title: string;
    ownerName: string;
    dueAt: Date;
    status: string;
    ticketUrl: string | null;
    wontDoReason?: string | null;
  }>;
}

const KIND_WORDS: Record<PostmortemTimelineKind, string> = {
  DETECTION: 'Detection',
  ACKNOWLEDGEMENT: 'Acknowledgment',
  INVESTIGATION: 'Investigation',
  MITIGATION: 'Mitigation',
  RESOLUTION: 'Resolution',
};
const CATEGORY_WORDS: Array<[string, string]> = [
  ['IMMEDIATE', 'Immediate'],
  ['SHORT_TERM', 'Short-term'],
  ['LONG_TERM', 'Long-term'],
];

/** A person's multi-line answer inside its `- **Label**: ` item (content column 2), or the placeholder, which is ours. */
const answer = (v: string | null, none = '_Not written yet._') => (v && v.trim() ? markdownLines(v, '  ') : none);

/**
 * The post-mortem as Markdown, section by section in the order and words of the procedure's template. Every field
 * people wrote is escaped (markdown.ts): it renders as its text, with no HTML and no heading or list of its own.
 */
export function postmortemMarkdown(doc: PostmortemDocument): string {
  // The facts' duration runs to the last resolution as the timeline recorded it; the author's timeline is the fallback.
  const duration = doc.facts ? doc.facts.durationMs : timelineDurationMs(doc.timeline);
  const users =
    doc.usersAffected === null
      ? 'Unknown'
      : `${doc.usersAffected}${doc.usersAffectedPercent === null ? '' : ` (${doc.usersAffectedPercent}%)`}`;
  const lines = [
    `# Post-Mortem: ${markdownText(doc.title)}`,
    '',
    `_Status: ${doc.status} · due ${doc.dueAt.toISOString()}_`,
    '',
    ...(doc.ownerName !== undefined
      ? [
          `- **Owner**: ${doc.ownerName ? markdownText(doc.ownerName) : 'Not assigned'}`,
          `- **Reviewers**: ${doc.reviewerNames?.length ? doc.reviewerNames.map(markdownText).join(', ') : 'None'}`,
          '',
        ]
      : []),
    '## Incident Summary',
    '',
    `- **Title**: ${markdownText(doc.title)}`,
    `- **Severity**: ${doc.severity}`,
    `- **Duration**: ${duration === null ? 'Unknown' : formatDuration(duration)}`,
    `- **Impact**: ${doc.impactSummary?.trim() ? markdownText(doc.impactSummary) : 'Not assessed yet'}`,
    ...(doc.resolution ? [`- **Resolution**: ${markdownText(doc.resolution)}`] : []),
    '',
    ...(doc.facts ? ['## Facts from the Timeline', '', ...factsMarkdown(doc.facts), ''] : []),
    '## Timeline',
    '',
    ...(doc.timeline.length
      ? doc.timeline.map((e) => `- ${e.at} — **${KIND_WORDS[e.kind]}**: ${markdownText(e.text)}`)
      : ['_No entries._']),
    '',
    '## Root Cause',
    '',
    `- **What happened**: ${answer(doc.whatHappened)}`,
    `- **Why it happened**: ${answer(doc.whyItHappened)}`,
    `- **Contributing factors**: ${answer(doc.contributingFactors, 'None recorded')}`,
    '',
    '## Impact',
    '',
    `- **Users affected**: ${users}`,
    `- **Revenue impact**: ${answer(doc.revenueImpact, 'Not applicable')}`,
    `- **Reputation impact**: ${answer(doc.reputationImpact, 'Not applicable')}`,
    '',
    '## Action Items',
    '',
  ];
  for (const [category, word] of CATEGORY_WORDS) {
    const items = doc.actionItems.filter((a) => a.category === category);
    lines.push(`- **${word}**:${items.length ? '' : ' None'}`);
    for (const a of items) {
      const ticket = a.ticketUrl ? ` — ${markdownUrl(a.ticketUrl)}` : '';
      const why = a.status === 'WONT_DO' && a.wontDoReason ? ` — won't do: ${markdownText(a.wontDoReason)}` : '';
      lines.push(
        `  - [${a.status === 'DONE' ? 'x' : ' '}] ${markdownText(a.title)} (owner: ${markdownText(a.ownerName)}, due ${a.dueAt.toISOString().slice(0, 10)}, ${a.status})${why}${ticket}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
