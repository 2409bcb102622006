import { Role, RunbookAction, mayAnswerPage } from '@vigil/shared';

/** The incident roles, in the order the procedure names them. */
export const ROLES = ['COMMANDER', 'SCRIBE', 'COMMUNICATIONS'] as const;

const ROLE_LABELS: Record<(typeof ROLES)[number], string> = {
  COMMANDER: 'Incident commander',
  SCRIBE: 'Scribe',
  COMMUNICATIONS: 'Communications liaison',
};

/** A role as a responder says it. */
export function roleLabel(role: (typeof ROLES)[number]): string {
  return ROLE_LABELS[role];
}

const REASONS: Record<string, string> = {
  START: 'paged',
  IMMEDIATE: 'paged at once',
  TIMEOUT: 'no ack',
  MANUAL: 'escalated',
  UNANSWERED: 'no answer',
  REPEAT: 'repeat',
  UNAVAILABLE: 'unavailable',
};

/** The ladder's heading: the policy, and which time round the path it is (rounds count from 0, people from 1). */
export function ladderTitle(policyName: string, round: number): string {
  return `Escalation · ${policyName}${round > 0 ? ` · round ${round + 1}` : ''}`;
}

/** Why a level fired, in two words. */
export function escalationReasonText(reason: string): string {
  return REASONS[reason] ?? reason.toLowerCase();
}

/** "12 min before detection", "1 h 05 min before detection", "at detection". */
export function beforeDetection(seconds: number): string {
  if (seconds <= 0) return 'at detection';
  const m = Math.floor(seconds / 60);
  if (m < 1) return `${seconds} s before detection`;
  if (m < 60) return `${m} min before detection`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min before detection`;
}

const ACTION_LABELS: Record<RunbookAction, string> = {
  ROLLBACK: 'Roll back',
  RESTART: 'Restart',
  SCALE_UP: 'Scale up',
  MAINTENANCE_MODE: 'Maintenance mode',
};

/** A runbook action as a button says it. */
export function runbookLabel(action: RunbookAction): string {
  return ACTION_LABELS[action];
}

/** A step's command line for reading (never for running: the server runs argv, not a shell line). */
export function commandLine(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./{}-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** The error-rate field: empty is "not measured", else a percentage from 0 to 100. */
export function parseErrorRate(text: string): number | null | 'invalid' {
  const t = text.trim().replace(/%$/, '');
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n : 'invalid';
}

/**
 * The people a role or the incident can be handed to: active, and able to answer a page (the server refuses a
 * viewer, who could act on neither the incident's reminders nor its page).
 */
export function handOverCandidates<T extends { active: boolean; role: string }>(users: readonly T[]): T[] {
  return users.filter((u) => u.active && mayAnswerPage(u.role as Role));
}
