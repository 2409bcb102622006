import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { DomainError } from '@vigil/shared';

/**
 * The one place errors become what clients see: domain errors keep their code and field, validation failures
 * become VALIDATION naming the field, anything unexpected becomes a bare INTERNAL_SERVER_ERROR (logged, never
 * shown with a stack).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, log: (e: unknown) => void): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof DomainError) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: original.code, ...(original.field ? { field: original.field } : {}), ...(original.details ?? {}) },
    };
  }
  if (original instanceof ArgumentValidationError) {
    const first = original.extensions.validationErrors?.[0] as { property?: string; constraints?: Record<string, string> } | undefined;
    return {
      message: first?.constraints ? Object.values(first.constraints)[0] : 'Invalid input.',
      path: formatted.path,
      extensions: { code: 'VALIDATION', field: first?.property },
    };
  }
  const code = formatted.extensions?.code;
  if (code && code !== 'INTERNAL_SERVER_ERROR') {
    // GraphQL's own errors (syntax, unknown field, bad variable): safe to show, minus any stack.
    const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  log(original ?? error);
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
