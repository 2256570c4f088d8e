/**
 * What newsgraph adds around every operation Apollo Server runs over HTTP, as one plugin whose
 * listener is made once: Apollo awaits each listener at each of its hooks, and five plugins with
 * their own per-request listeners cost five promises per hook per request for a few checks.
 *
 * - subscriptions are refused over HTTP, as a client error rather than a failure in execution;
 * - operations over budget (depth, fields, aliases, estimated cost) are refused (src/lib/budget.ts);
 * - every answer gets Cache-Control (src/http/cache.ts);
 * - an outage met during execution gets Retry-After, and 503 when it left no data;
 * - every error is logged once, with its request id.
 */
import type { ApolloServerPlugin, GraphQLRequestContextDidEncounterErrors, GraphQLRequestContextWillSendResponse, GraphQLRequestListener } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, OperationTypeNode, type OperationDefinitionNode } from 'graphql';
import type { Limits } from '../config.js';
import type { Context } from '../context.js';
import { checkBudget } from '../lib/budget.js';
import { classifyDbError } from '../lib/dbErrors.js';
import { ErrorCode } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { logThrottle } from '../lib/logThrottle.js';
import { cacheControl, cachePolicy } from './cache.js';
import { isClientFault } from './formatError.js';

export function operationHooks(limits: Limits, logger: Logger): ApolloServerPlugin<Context> {
  const logErrors = errorLogger(logger);
  const listener: GraphQLRequestListener<Context> = {
    async didResolveOperation({ operation, request, document, schema }) {
      refuseSubscription(operation);
      if (operation) checkBudget(limits, schema, document, operation, request.variables);
    },
    async willSendResponse(rc) {
      setCacheControl(rc);
      answerOutage(rc);
    },
    async didEncounterErrors(rc) {
      logErrors(rc);
    },
  };
  return { requestDidStart: () => Promise.resolve(listener) };
}

function refuseSubscription(operation: OperationDefinitionNode | undefined): void {
  if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return;
  throw new GraphQLError('Subscriptions are not served over HTTP POST or GET; send a query or a mutation', {
    extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } },
  });
}

/**
 * Cache-Control on every answer: a successful GET query gets its policy, public without an API
 * key and private with one; anything else is not to be stored.
 */
function setCacheControl({ request, response, operation, document, contextValue }: GraphQLRequestContextWillSendResponse<Context>): void {
  const ok = response.body.kind === 'single' && !response.body.singleResult.errors?.length;
  const policy = ok && operation && document && request.http?.method === 'GET' ? cachePolicy(document, operation) : null;
  response.http.headers.set('cache-control', policy ? cacheControl(policy, Boolean(contextValue.viewer.apiKey)) : 'no-store');
}

/**
 * A database outage met during execution answers like one met before it (the API-key lookup):
 * Retry-After on any answer carrying an UNAVAILABLE error, and 503 when the outage left no data at
 * all, so clients and load balancers back off and retry instead of taking a 200 for an answer.
 * A partial answer (some root fields served) stays 200, as GraphQL over HTTP has it.
 */
function answerOutage({ response }: GraphQLRequestContextWillSendResponse<Context>): void {
  if (response.body.kind !== 'single') return;
  const { errors, data } = response.body.singleResult;
  if (!errors?.some((e) => e.extensions?.code === ErrorCode.UNAVAILABLE)) return;
  response.http.headers.set('retry-after', '1');
  const served = data && Object.values(data).some((v) => v !== null && v !== undefined);
  if (!served) response.http.status = 503;
}

/**
 * Logs every error of a request once, with its request id: client errors at info, ours at error.
 * Database outages are logged once per class and interval, with a count of the ones swallowed.
 */
function errorLogger(logger: Logger): (rc: GraphQLRequestContextDidEncounterErrors<Context>) => void {
  const throttle = logThrottle();
  return ({ errors, contextValue, request }) => {
    for (const err of errors) {
      const original = unwrapResolverError(err);
      const requestId = contextValue?.requestId;
      if (isClientFault(err)) {
        logger.info({ requestId, code: err.extensions?.code, path: err.path }, `client error: ${err.message}`);
        continue;
      }
      const failure = classifyDbError(original);
      if (!failure) {
        logger.error({ requestId, err: original, path: err.path, operation: request.operationName }, 'server error');
        continue;
      }
      const { log, suppressed } = throttle(failure);
      if (log) logger.error({ requestId, failure, suppressed, err: original }, `database failure: ${failure}`);
    }
  };
}
