/**
 * How Apollo Server executes an operation: graphql-jit's compiled execution, plugged in through
 * Apollo's gateway hook (the one interface Apollo Server offers for its executor).
 *
 * graphql-js walks the selection for every item of every list, calling a resolver and completing
 * a value per field through generic code, and builds results as null-prototype objects, which V8
 * keeps in slow dictionary mode (and JSON.stringify then serializes slowly). A feed of 50 articles
 * spent most of its Node time there. graphql-jit compiles each document once into a function
 * specialised to its selection, calling the same resolvers, with the same info, errors and paths.
 *
 * It is the only execution model for queries and mutations over HTTP: an operation is compiled
 * the first time its document is seen; graphql-js runs only what graphql-jit cannot compile. Apollo
 * still parses, validates (caching by document) and runs every plugin hook around it.
 */
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  execute,
  getVariableValues,
  GraphQLError,
  isObjectType,
  OperationTypeNode,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Context } from '../context.js';
import { ErrorCode } from '../lib/errors.js';

/**
 * Compiled forms per document and operation name (Apollo hands the same document object for the
 * same query text). Compiled at first sight, so every operation, in tests as in production, runs
 * one way; null where graphql-jit cannot compile.
 */
const compiledDocuments = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();

export function createExecutor(schema: GraphQLSchema): GatewayExecutor {
  return async (rc) => {
    const mutates = rc.operation.operation === OperationTypeNode.MUTATION;
    // A mutation reads its payload from the primary, and its client's next reads do too.
    if (mutates) readsOf(rc.context)?.usePrimary();
    try {
      return await run(schema, rc);
    } finally {
      if (mutates) readsOf(rc.context)?.wrote();
    }
  };
}

type GatewayRequest = Parameters<GatewayExecutor>[0];

async function run(schema: GraphQLSchema, rc: GatewayRequest): Promise<ExecutionResult> {
  const { document, operation, context } = rc;
  // Apollo coerces variables itself only when it executes; here we do, so a bad variable is
  // BAD_USER_INPUT with graphql-js' message, as without this executor.
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rc.request.variables ?? {});
  if (coerced.errors) return { errors: coerced.errors.map(asBadUserInput) };
  const compiled = compiledFor(schema, document, operation);
  if (!compiled) {
    return execute({ schema, document, contextValue: context, variableValues: rc.request.variables, operationName: rc.operationName ?? undefined });
  }
  const result: ExecutionResult = await compiled.query(undefined, context, rc.request.variables ?? {});
  return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
}

/** The part of our context the executor uses (Apollo types a gateway's context loosely). */
function readsOf(context: GatewayRequest['context']): Context['reads'] {
  return (context as Partial<Context>).reads;
}

/**
 * graphql-jit's errors are look-alikes of graphql-js' GraphQLError (its prototype, its own
 * constructor) that may lack `extensions`, which Apollo reads before formatError, so a resolver's
 * error (a refused connection, which is UNAVAILABLE) became a bare internal error. Each is made
 * anew as graphql-js would make it, with the same path, locations and original error.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const real = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
  Object.defineProperty(real, 'locations', { value: error.locations, enumerable: error.locations !== undefined });
  return real;
}

function compiledFor(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): CompiledQuery | null {
  let byOperation = compiledDocuments.get(document);
  if (!byOperation) {
    byOperation = new Map();
    compiledDocuments.set(document, byOperation);
  }
  const name = operation.name?.value ?? '';
  if (!byOperation.has(name)) {
    const compiled = compileQuery(schema, document, operation.name?.value, { disablingCapturingStackErrors: true });
    // A document graphql-jit cannot compile (it says why in `errors`) stays with graphql-js.
    byOperation.set(name, isCompiledQuery(compiled) ? compiled : null);
  }
  return byOperation.get(name) ?? null;
}

function asBadUserInput(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    originalError: error.originalError,
    extensions: { ...error.extensions, code: ErrorCode.BAD_USER_INPUT },
  });
}

/**
 * The schema and executor as Apollo's gateway interface: a fixed schema, loaded once. (Apollo
 * Server takes either `schema` or `gateway`; this is how an executor is given with a schema.)
 */
export function executingGateway(schema: GraphQLSchema): GatewayInterface {
  const listeners = new Set<Parameters<GatewayInterface['onSchemaLoadOrUpdate']>[0]>();
  return {
    // Apollo subscribes first, then loads; a gateway announces the schema it loaded to subscribers.
    onSchemaLoadOrUpdate: (callback) => {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    load: async () => {
      for (const listener of listeners) listener({ apiSchema: schema, coreSupergraphSdl: '' });
      return { schema, executor: createExecutor(schema) };
    },
    stop: async () => listeners.clear(),
  };
}

/**
 * Fields whose values are promises started only when selected: a connection's `totalCount` and a
 * search edge's `snippet` are getters. graphql-jit reads a field without a resolver as a plain
 * property, synchronously; a resolver makes it await the value, as graphql-js does everywhere.
 */
const LAZY_FIELDS = ['totalCount', 'snippet'];

export function awaitLazyFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const name of LAZY_FIELDS) {
      const field = type.getFields()[name];
      if (field && !field.resolve) field.resolve = (parent: Record<string, unknown>) => parent[name];
    }
  }
  return schema;
}
