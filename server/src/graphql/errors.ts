import { ExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { DomainError } from '@vigil/shared';
import { isReadTimeout } from '../db/data-source';

export interface ErrorFormatOptions {
  log: (e: unknown) => void;
  /** Production: no "Did you mean …?" in any message, which would map the schema for an attacker. */
  hideSuggestions: boolean;
}

/**
 * graphql-js appends "Did you mean …?" to unknown fields, arguments, types and enum values, in validation and in
 * variable coercion alike; this removes every such sentence and keeps the rest of the message.
 */
export function withoutSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [^?]*\?/g, '');
}

/**
 * The one place errors become what clients see, over HTTP and WebSocket: domain errors keep their code and field,
 * validation failures become VALIDATION naming the field, anything unexpected becomes a bare INTERNAL_SERVER_ERROR
 * (logged, never shown with a stack).
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: ErrorFormatOptions,
): GraphQLFormattedError {
  const result = mapError(formatted, error, options.log);
  return options.hideSuggestions ? { ...result, message: withoutSuggestions(result.message) } : result;
}

/**
 * A WebSocket operation's result with its errors formatted as over HTTP. A result without `data` failed before
 * execution (a bad variable value): graphql-js gives such errors no code; Apollo calls them BAD_USER_INPUT over HTTP.
 */
export function formatExecutionResult<R extends ExecutionResult>(result: R, options: ErrorFormatOptions): R {
  if (!result.errors?.length) return result;
  const requestError = !('data' in result);
  const errors = result.errors.map((e) => {
    const formatted = e.toJSON();
    const userInput = requestError && !formatted.extensions?.code;
    return formatError(
      userInput ? { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } } : formatted,
      e,
      options,
    );
  });
  return { ...result, errors };
}

function mapError(formatted: GraphQLFormattedError, error: unknown, log: (e: unknown) => void): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof DomainError) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: {
        code: original.code,
        ...(original.field ? { field: original.field } : {}),
        ...(original.details ?? {}),
      },
    };
  }
  if (isReadTimeout(original)) {
    // The read pool's statement time limit (VIGIL_READ_TIMEOUT_MS) stopped the database: the client asked for too much
    // at once, or the database is struggling. Not a server bug: no log, and the client may retry or ask for less.
    return {
      message:
        'The read took longer than the server allows (VIGIL_READ_TIMEOUT_MS) and was stopped: ask for less (smaller pages, fewer fields), or retry.',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'READ_TIMEOUT' },
    };
  }
  if (original instanceof ArgumentValidationError) {
    const first = original.extensions.validationErrors?.[0] as
      { property?: string; constraints?: Record<string, string> } | undefined;
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
