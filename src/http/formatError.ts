/**
 * What a client sees of an error, and whose fault it was: our own codes and graphql-js' request
 * errors pass as they are; database outages become UNAVAILABLE or TIMEOUT; anything else is a
 * bare INTERNAL_SERVER_ERROR, with no stack or SQL.
 */
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { classifyDbError } from '../lib/dbErrors.js';
import { badUserInput, ErrorCode, isClientSafe, timeout, unavailable } from '../lib/errors.js';

// Codes graphql-js and Apollo attach to request errors: the client's fault, safe to show as they are.
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_HASH_MISMATCH',
]);

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const code = formatted.extensions?.code;
  if (isClientSafe(original) || (typeof code === 'string' && PASS_THROUGH.has(code))) {
    const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  // Apollo answers some malformed requests (an unsupported persisted-query version) with a 4xx
  // error and no code: the client's fault, so BAD_REQUEST rather than an internal error.
  if (isUncodedClientError(original)) {
    return { message: formatted.message, extensions: { code: ErrorCode.BAD_REQUEST } };
  }
  const failure = classifyDbError(original);
  const replacement =
    failure === 'UNAVAILABLE'
      ? unavailable()
      : failure === 'TIMEOUT'
        ? timeout()
        : failure === 'BAD_TEXT'
          ? badUserInput(String(formatted.path?.at(-1) ?? 'input'), 'contains a character that cannot be stored or searched (NUL)')
          : undefined;
  return {
    message: replacement?.message ?? 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: replacement?.extensions.code ?? ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/** True when an error of a request is the client's doing (logged at info, shown as it is). */
export function isClientFault(err: GraphQLError): boolean {
  const original = unwrapResolverError(err);
  return isClientSafe(original) || PASS_THROUGH.has(String(err.extensions?.code)) || isUncodedClientError(original);
}

function isUncodedClientError(err: unknown): boolean {
  if (!(err instanceof GraphQLError) || (err.extensions?.code && err.extensions.code !== ErrorCode.INTERNAL_SERVER_ERROR)) return false;
  const status = (err.extensions?.http as { status?: number } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
