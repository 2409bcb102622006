import { validationError } from './errors';

/** Trims and checks a required text field; throws VALIDATION naming the field. */
export function requireText(field: string, value: unknown, min: number, max: number): string {
  if (typeof value !== 'string') throw validationError(field, `${field} must be text.`);
  const text = value.trim();
  if (text.length < min) {
    throw validationError(
      field,
      min <= 1 ? `${field} must not be empty.` : `${field} must be at least ${min} characters.`,
    );
  }
  if (text.length > max) throw validationError(field, `${field} must be at most ${max} characters.`);
  return text;
}

/** Like requireText, but null/undefined/blank become null. */
export function optionalText(field: string, value: unknown, max: number): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' && value.trim() === '') return null;
  return requireText(field, value, 0, max);
}

export const LIMITS = {
  title: 200,
  summary: 10_000,
  note: 10_000,
  reason: 2_000,
  serviceName: 100,
  servicesPerIncident: 50,
} as const;
