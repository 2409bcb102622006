import { validationError } from './errors';

/** Length in characters (code points, so an emoji counts once) and the least strength score a password needs. */
export const PASSWORD_RULES = { minChars: 12, maxChars: 200, minScore: 3 } as const;

/**
 * What a strength estimator (zxcvbn on the server) says about a password: a score from 0 (too guessable) to 4 (very
 * unguessable) and, when weak, why and what would help. An input, like the clock, so the rule stays pure.
 */
export interface StrengthEstimate {
  score: number;
  warning: string | null;
  suggestions: readonly string[];
}

export type EstimateStrength = (password: string, personalWords: readonly string[]) => StrengthEstimate;

export interface PasswordOwner {
  email: string;
  name?: string | null;
}

/** The owner's own words that make a password easy to guess for anyone who knows them: email, its parts, name. */
export function personalWords(owner: PasswordOwner): string[] {
  const email = owner.email.trim().toLowerCase();
  const local = email.split('@')[0];
  const parts = [...local.split(/[._+-]+/), ...(owner.name ?? '').toLowerCase().split(/\s+/)];
  return [...new Set([email, local, ...parts].filter((w) => w.length >= 3))];
}

/**
 * Why `password` may not be `owner`'s password, as a sentence naming `field`, or null when it may. Checked in order:
 * length, the owner's email address, then the estimator's score (its warning and suggestions say why).
 */
export function passwordProblem(
  field: string,
  password: unknown,
  owner: PasswordOwner,
  estimate: EstimateStrength,
): string | null {
  if (typeof password !== 'string') return `${field} must be text.`;
  const chars = [...password].length;
  if (chars < PASSWORD_RULES.minChars)
    return `${field} must be at least ${PASSWORD_RULES.minChars} characters (it has ${chars}).`;
  if (chars > PASSWORD_RULES.maxChars)
    return `${field} must be at most ${PASSWORD_RULES.maxChars} characters (it has ${chars}).`;
  const lower = password.toLowerCase();
  const email = owner.email.trim().toLowerCase();
  const local = email.split('@')[0];
  if (lower.includes(email) || (local.length >= 4 && lower.includes(local))) {
    return `${field} must not contain your email address: it is the first thing an attacker tries.`;
  }
  const { score, warning, suggestions } = estimate(password, personalWords(owner));
  if (score >= PASSWORD_RULES.minScore) return null;
  const why = [warning, ...suggestions].filter((s): s is string => !!s).join(' ');
  return `${field} is too easy to guess (strength ${score} of 4, at least ${PASSWORD_RULES.minScore} needed).${why ? ` ${why}` : ''}`;
}

/** Throws VALIDATION naming `field`, with passwordProblem's reason, unless the password may be used. */
export function assertAcceptablePassword(
  field: string,
  password: unknown,
  owner: PasswordOwner,
  estimate: EstimateStrength,
): asserts password is string {
  const problem = passwordProblem(field, password, owner, estimate);
  if (problem) throw validationError(field, problem);
}
