import { CHECKLISTS, ChecklistItemDefinition } from './checklists';
import { DomainError, ErrorCode, validationError } from './errors';
import type { Mover } from './lifecycle';
import { LIMITS } from './validation';

/**
 * Procedure §5 "Verify resolution": an incident is resolved when the resolution-verification checklist is complete.
 * A person may resolve without it only by saying why (an override, kept on the timeline and in the post-mortem).
 * Monitoring resolving an incident (its alerts cleared) is not a person judging it fixed: it resolves, and the
 * verification is recorded as not done yet, to be completed afterwards.
 */
export interface ResolutionVerification {
  /** Every verification item was checked when it was resolved. */
  verified: boolean;
  /** Keys of the items not checked then. */
  missing: string[];
  /** Why a person resolved without the checklist complete; null otherwise. */
  overrideReason: string | null;
  by: Mover;
}

/** The checklists as a client or the server holds them: the derived ChecklistState, or its GraphQL view. */
type ChecklistLike = { kind: string; items: ReadonlyArray<{ key: string; label: string; done: boolean }> };

/** The resolution-verification items the checklists (as the timeline records them) do not have checked. */
export function missingVerification(states: readonly ChecklistLike[]): ChecklistItemDefinition[] {
  const verification = states.find((s) => s.kind === 'RESOLUTION_VERIFICATION');
  const items = verification?.items ?? CHECKLISTS.RESOLUTION_VERIFICATION.items.map((i) => ({ ...i, done: false }));
  return items.filter((i) => !i.done).map(({ key, label }) => ({ key, label }));
}

const labels = (items: readonly ChecklistItemDefinition[]) => items.map((i) => i.label).join(', ');

/**
 * Decides whether a resolution may happen and what it records. A person with items missing and no override reason
 * is refused: VALIDATION on `overrideReason`, naming the missing items (also in `missing`, by key).
 */
export function decideResolution(input: {
  missing: readonly ChecklistItemDefinition[];
  overrideReason?: unknown;
  by: Mover;
}): ResolutionVerification {
  const missing = input.missing.map((i) => i.key);
  if (input.overrideReason !== undefined && input.overrideReason !== null) {
    if (typeof input.overrideReason !== 'string' || !input.overrideReason.trim()) {
      throw validationError(
        'overrideReason',
        'overrideReason must say why the incident is resolved without verification; leave it out to resolve a verified incident.',
      );
    }
    if (input.overrideReason.trim().length > LIMITS.reason)
      throw validationError('overrideReason', `overrideReason must be at most ${LIMITS.reason} characters.`);
  }
  if (!missing.length) return { verified: true, missing: [], overrideReason: null, by: input.by };
  if (input.by === 'MONITORING') return { verified: false, missing, overrideReason: null, by: 'MONITORING' };
  if (typeof input.overrideReason !== 'string') {
    throw new DomainError(
      ErrorCode.VALIDATION,
      `Resolving needs the resolution-verification checklist complete; not checked: ${labels(input.missing)}. Check them, or give a reason to resolve without verification (overrideReason).`,
      'overrideReason',
      { missing },
    );
  }
  return { verified: false, missing, overrideReason: input.overrideReason.trim(), by: 'PERSON' };
}

/** Labels of item keys, in checklist order (unknown keys as they are). */
export function verificationLabels(keys: readonly string[]): string[] {
  return keys.map((k) => CHECKLISTS.RESOLUTION_VERIFICATION.items.find((i) => i.key === k)?.label ?? k);
}

/** What the RESOLVED timeline line adds: nothing when verified, else who skipped what and why. */
export function resolutionNote(v: ResolutionVerification): string {
  if (v.verified) return '';
  const unchecked = verificationLabels(v.missing).join(', ');
  return v.by === 'MONITORING'
    ? ` — by monitoring, not verified yet (to check: ${unchecked})`
    : ` — without verification: ${v.overrideReason} (not checked: ${unchecked})`;
}

/** One line for the post-mortem: how the resolution was verified. Null for a resolution recorded before this rule. */
export function resolutionSummary(v: ResolutionVerification | null): string | null {
  if (!v) return null;
  if (v.verified) return 'Verified: every resolution-verification check was done.';
  const unchecked = verificationLabels(v.missing).join(', ');
  return v.by === 'MONITORING'
    ? `Resolved by monitoring (its alerts cleared), not verified by a person; not checked then: ${unchecked}.`
    : `Resolved without verification (override: ${v.overrideReason}); not checked: ${unchecked}.`;
}

/** Reads what a RESOLVED event recorded; null when it recorded nothing (resolved before verification was a rule). */
export function parseResolutionVerification(
  data: Record<string, unknown> | null | undefined,
): ResolutionVerification | null {
  const v = data?.verification as Partial<ResolutionVerification> | undefined;
  if (!v || typeof v.verified !== 'boolean' || !Array.isArray(v.missing)) return null;
  return {
    verified: v.verified,
    missing: v.missing.filter((k): k is string => typeof k === 'string'),
    overrideReason: typeof v.overrideReason === 'string' ? v.overrideReason : null,
    by: v.by === 'MONITORING' ? 'MONITORING' : 'PERSON',
  };
}
