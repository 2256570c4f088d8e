/**
 * Query budgets, checked after validation and before execution: depth, field count, aliases, and
 * an estimated cost in which every list multiplies what it contains (a connection by its `first` or
 * `last`, default 20; any other list by an assumed 10). A query over budget never runs.
 */
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  getVariableValues,
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

/**
 * Depth, field count and alias count of an operation, as if every fragment were written out where
 * it is spread. Each fragment is measured once and its measure reused at every spread, so the
 * time is linear in the document's size even when fragments spread each other many times (a chain
 * of fragments that each spread the next twice expands to 2^n fields; walking it would take that
 * long). Counts saturate at Number.MAX_SAFE_INTEGER rather than lose precision.
 */
export function measure(op: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>): QueryShape {
  const memo = new Map<string, QueryShape>();
  const visiting = new Set<string>();
  const ofFragment = (name: string): QueryShape => {
    const known = memo.get(name);
    if (known) return known;
    const frag = fragments[name];
    // A fragment spread inside itself is a validation error already; count it as empty.
    if (!frag || visiting.has(name)) return EMPTY;
    visiting.add(name);
    const shape = ofSet(frag.selectionSet);
    visiting.delete(name);
    memo.set(name, shape);
    return shape;
  };
  const ofSet = (set: SelectionSetNode): QueryShape => {
    const total = { depth: 0, fields: 0, aliases: 0 };
    for (const sel of set.selections) {
      let part: QueryShape;
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue;
        const below = sel.selectionSet ? ofSet(sel.selectionSet) : EMPTY;
        part = { depth: below.depth + 1, fields: below.fields + 1, aliases: below.aliases + (sel.alias ? 1 : 0) };
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        part = ofSet(sel.selectionSet);
      } else {
        part = ofFragment(sel.name.value);
      }
      total.depth = Math.max(total.depth, part.depth);
      total.fields = saturated(total.fields + part.fields);
      total.aliases = saturated(total.aliases + part.aliases);
    }
    return total;
  };
  return ofSet(op.selectionSet);
}

const EMPTY: QueryShape = Object.freeze({ depth: 0, fields: 0, aliases: 0 });
const saturated = (n: number) => Math.min(n, Number.MAX_SAFE_INTEGER);

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

function tooComplex(measureName: string, actual: number, limit: number, shown: string = String(actual)): GraphQLError {
  return new GraphQLError(`Query ${measureName} is ${shown}, over the limit of ${limit}; ask for less or page through it`, {
    extensions: { code: QUERY_TOO_COMPLEX, measure: measureName, actual, limit, http: { status: 400 } },
  });
}

/**
 * The cost estimate needs the variables (page sizes come from them), coerced as execution will
 * coerce them. Variables that don't coerce are the client's mistake: rejected here with
 * BAD_USER_INPUT, as execution would. Any failure of the estimate itself (the estimator stops at
 * `MAX_ESTIMATED_NODES`) rejects the query: a query we cannot price never runs.
 */
function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): number {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 });
  if (coerced.errors) {
    throw new GraphQLError(coerced.errors[0].message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
  }
  try {
    return getComplexity({
      schema,
      query: document,
      operationName: operation.name?.value,
      // The estimator coerces the raw values itself (coerced ones, Dates, would not coerce again).
      variables: variables ?? {},
      estimators: [estimator],
      maxQueryNodes: MAX_ESTIMATED_NODES,
    });
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Nodes the estimator may visit; it walks each spread again, so this bounds its time too. */
const MAX_ESTIMATED_NODES = 10_000;

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
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): number {
  const budget = budgetOf(document);
  // Most documents' costs depend on no variable: the operation's name is then the whole key.
  const key = budget.costVariables.length
    ? JSON.stringify([operation.name?.value ?? null, budget.costVariables.map((n) => (variables && n in variables ? variables[n] : ABSENT))])
    : (operation.name?.value ?? '');
  let cost = budget.costs.get(key);
  if (cost === undefined) {
    cost = estimateCost(schema, document, operation, variables);
    if (budget.costs.size >= MAX_COSTS_PER_DOCUMENT) budget.costs.clear();
    budget.costs.set(key, cost);
  }
  return cost;
}

/** Throws QUERY_TOO_COMPLEX (or BAD_USER_INPUT for variables) when an operation is over budget. */
export function checkBudget(
  limits: Limits,
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): void {
  const shape = shapeOf(document, operation);
  if (shape.depth > limits.maxDepth) throw tooComplex('depth', shape.depth, limits.maxDepth);
  if (shape.fields > limits.maxFields) throw tooComplex('field count', shape.fields, limits.maxFields);
  if (shape.aliases > limits.maxAliases) throw tooComplex('alias count', shape.aliases, limits.maxAliases);
  const cost = cachedCost(schema, document, operation, variables);
  if (!Number.isFinite(cost)) throw tooComplex('estimated cost', Number.MAX_SAFE_INTEGER, limits.maxCost, 'too large to estimate');
  if (cost > limits.maxCost) throw tooComplex('estimated cost', cost, limits.maxCost);
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
