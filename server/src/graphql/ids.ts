import { validationError } from '@vigil/shared';

/** Parses a GraphQL ID into a row id, or throws VALIDATION naming the field. */
export function parseId(value: string | number, field = 'id'): number {
  const n = typeof value === 'number' ? value : /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw validationError(field, `${field} must be a positive whole number.`);
  return n;
}
