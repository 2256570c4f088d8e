/**
 * Query budgets, checked after validation and before execution: depth, field count, aliases, and
 * an estimated cost in which every list multiplies what it contains (a connection by its `first` or
 * `last`, default 20; any other list by an assumed 10). A query over budget never runs.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  visit,
} from 'graphql';
import { getComplexity, type ComplexityEstimatorArgs } from 'graphql-query-complexity';
import type { Limits } from '../config.js';
import { DEFAULT_PAGE_SIZE } from './connection.js';

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';
const ASSUMED_LIST_SIZE = 10;

export interface QueryShape {
  depth: number;
  fields: number;
  aliases: number;
}

/** Depth, field count and alias count of an operation, following fragments (each once per path). */
export function measure(op: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>): QueryShape {
  const shape = { depth: 0, fields: 0, aliases: 0 };
  const walk = (set: SelectionSetNode, depth: number, seen: Set<string>) => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue;
        shape.fields++;
        if (sel.alias) shape.aliases++;
        shape.depth = Math.max(shape.depth, depth + 1);
        if (sel.selectionSet) walk(sel.selectionSet, depth + 1, seen);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(sel.selectionSet, depth, seen);
      } else {
        const frag = fragments[sel.name.value];
        // A fragment spread inside itself is a validation error already; guard anyway.
        if (frag && !seen.has(frag.name.value)) walk(frag.selectionSet, depth, new Set(seen).add(frag.name.value));
      }
    }
  };
  walk(op.selectionSet, 0, new Set());
  return shape;
}

function estimator({ field, args, childComplexity, type }: ComplexityEstimatorArgs): number {
  // Types are read through their printed form ("[Article!]!"): graphql-js type predicates throw
  // when the schema and this module were loaded from different builds (CJS vs ESM) of graphql.
  const printed = String(field.type);
  const isConnection = /^\w+Connection!?$/.test(printed);
  // edges/nodes of a connection are already counted by the connection's page size.
  const insideConnection = type.name.endsWith('Connection');
  let size = 1;
  if (isConnection) size = Number(args.first ?? args.last ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE;
  else if (printed.startsWith('[') && !insideConnection) {
    size = Array.isArray(args.ids) ? args.ids.length : ASSUMED_LIST_SIZE;
  }
  return 1 + size * childComplexity;
}

function tooComplex(measureName: string, actual: number, limit: number): GraphQLError {
  return new GraphQLError(`Query ${measureName} is ${actual}, over the limit of ${limit}; ask for less or page through it`, {
    extensions: { code: QUERY_TOO_COMPLEX, measure: measureName, actual, limit, http: { status: 400 } },
  });
}

/**
 * The cost estimate needs the variables (page sizes come from them). Variables that don't coerce
 * make the estimate throw; the operation then fails in execution with a proper BAD_USER_INPUT, so
 * such a request is estimated with page sizes at their defaults instead.
 */
function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
): number {
  const run = (vars: Record<string, unknown>) =>
    getComplexity({ schema, query: document, operationName: operationName ?? undefined, variables: vars, estimators: [estimator] });
  try {
    return run(variables ?? {});
  } catch {
    try {
      return run({});
    } catch {
      return 0;
    }
  }
}

/** Argument names whose values change the estimate: page sizes, id lists, and @skip/@include. */
const COST_ARGUMENTS = new Set(['first', 'last', 'ids', 'if']);
const MAX_COSTS_PER_DOCUMENT = 256;
// An absent variable takes its default; an explicit null does not.
const ABSENT = '\u0000absent';

interface DocumentBudget {
  shape: QueryShape | undefined;
  /** Variables feeding COST_ARGUMENTS; the estimate depends on no other variable. */
  costVariables: string[];
  /** Estimates per operation name and values of `costVariables`. */
  costs: Map<string, number>;
}

/**
 * Per parsed document (Apollo reuses one DocumentNode per query text): its shape, and its cost per
 * distinct page sizes. Estimating walks the whole document with the schema, a large share of a
 * small query's CPU, while its answer depends only on the document and a few variables.
 */
const budgets = new WeakMap<DocumentNode, DocumentBudget>();

function budgetOf(document: DocumentNode): DocumentBudget {
  let budget = budgets.get(document);
  if (!budget) {
    budget = { shape: undefined, costVariables: costVariablesOf(document), costs: new Map() };
    budgets.set(document, budget);
  }
  return budget;
}

function costVariablesOf(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      if (COST_ARGUMENTS.has(node.name.value)) visit(node.value, { Variable: (v) => void names.add(v.name.value) });
    },
  });
  return [...names].sort();
}

function cachedCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
): number {
  const budget = budgetOf(document);
  const key = JSON.stringify([operationName ?? null, budget.costVariables.map((n) => (variables && n in variables ? variables[n] : ABSENT))]);
  let cost = budget.costs.get(key);
  if (cost === undefined) {
    cost = estimateCost(schema, document, operationName, variables);
    if (budget.costs.size >= MAX_COSTS_PER_DOCUMENT) budget.costs.clear();
    budget.costs.set(key, cost);
  }
  return cost;
}

export function budgetPlugin(limits: Limits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, schema }) {
          if (!operation) return;
          const shape = shapeOf(document, operation);
          if (shape.depth > limits.maxDepth) throw tooComplex('depth', shape.depth, limits.maxDepth);
          if (shape.fields > limits.maxFields) throw tooComplex('field count', shape.fields, limits.maxFields);
          if (shape.aliases > limits.maxAliases) throw tooComplex('alias count', shape.aliases, limits.maxAliases);
          const cost = cachedCost(schema, document, request.operationName, request.variables);
          if (cost > limits.maxCost) throw tooComplex('estimated cost', cost, limits.maxCost);
        },
      };
    },
  };
}

function shapeOf(document: DocumentNode, operation: OperationDefinitionNode): QueryShape {
  const budget = budgetOf(document);
  // A document with several operations is measured per request (the operation may differ).
  const single = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length === 1;
  if (single && budget.shape) return budget.shape;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const shape = measure(operation, fragments);
  if (single) budget.shape = shape;
  return shape;
}
