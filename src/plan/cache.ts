/**
 * Compiled selections, reused across requests. What a root field compiles to depends on the field
 * (its node in the parsed document, which Apollo keeps per query text), the type it is read as,
 * and the values of the variables the compiled SQL may contain, i.e. all of them except those
 * used only in the root field's own arguments (the id it looks up is not part of what is
 * compiled). Compiling walks the whole selection; for small queries that was a tenth of a request.
 */
import { visit, type ASTNode, type FieldNode, type GraphQLResolveInfo } from 'graphql';

const MAX_VARIANTS = 64;
/** An absent variable (its argument takes its default) is not the same as null. */
const ABSENT = '\u0000absent';

interface FieldEntry {
  /** Variables whose values can change what this field compiles to. */
  variables: string[];
  variants: Map<string, unknown>;
}

const entries = new WeakMap<FieldNode, FieldEntry>();

export function cachedCompile<T>(info: GraphQLResolveInfo, type: string, compile: () => T): T {
  const field = info.fieldNodes[0];
  let entry = entries.get(field);
  if (!entry) {
    entry = { variables: variablesBelow(info), variants: new Map() };
    entries.set(field, entry);
  }
  const key = JSON.stringify([type, info.fieldNodes.length, entry.variables.map((v) => (v in info.variableValues ? info.variableValues[v] : ABSENT))]);
  if (entry.variants.has(key)) return entry.variants.get(key) as T;
  const value = compile();
  if (entry.variants.size >= MAX_VARIANTS) entry.variants.clear();
  entry.variants.set(key, value);
  return value;
}

/** Every variable of the operation except those used only in the arguments of this field. */
function variablesBelow(info: GraphQLResolveInfo): string[] {
  const all = new Map<string, number>();
  const count = (node: ASTNode, into: Map<string, number>) =>
    visit(node, { Variable: (v) => void into.set(v.name.value, (into.get(v.name.value) ?? 0) + 1) });
  // Definitions declare variables without using them; only uses count.
  for (const sel of info.operation.selectionSet.selections) count(sel, all);
  for (const d of info.operation.directives ?? []) count(d, all);
  for (const fragment of Object.values(info.fragments)) count(fragment, all);
  const own = new Map<string, number>();
  for (const arg of info.fieldNodes[0].arguments ?? []) count(arg, own);
  return [...all.keys()].filter((v) => (all.get(v) ?? 0) > (own.get(v) ?? 0)).sort();
}

