/**
 * Error factories with stable `extensions.code`s. Clients branch on the code, never on the text.
 */
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  UNAVAILABLE: 'UNAVAILABLE',
  TIMEOUT: 'TIMEOUT',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  RATE_LIMITED: 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  HEADERS_TOO_MANY: 'HEADERS_TOO_MANY',
  OVERLOADED: 'OVERLOADED',
  PERSISTED_QUERY_HASH_MISMATCH: 'PERSISTED_QUERY_HASH_MISMATCH',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A malformed or out-of-range argument; `argument` names it (`first`, `filter.source`). */
export function badUserInput(argument: string, message: string): GraphQLError {
  return new GraphQLError(`Invalid argument "${argument}": ${message}`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, argument },
  });
}

export function notFound(type: string, id: string): GraphQLError {
  return new GraphQLError(`No ${type} with id "${id}"`, {
    extensions: { code: ErrorCode.NOT_FOUND, type, id },
  });
}

export function unauthenticated(message = 'An API key is required'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED } });
}

export function forbidden(message = 'The API key lacks the scope this operation needs'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN } });
}

export function unavailable(message = 'The database is unavailable; try again shortly'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAVAILABLE } });
}

export function timeout(message = 'The database took too long to answer; ask for less or try again'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.TIMEOUT } });
}

/** Whether an error is one of ours, safe to show a client as it is. */
export function isClientSafe(err: unknown): err is GraphQLError {
  const code = err instanceof GraphQLError ? err.extensions?.code : undefined;
  return typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR;
}
