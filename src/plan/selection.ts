/**
 * What a client selected below a field, as graphql-parse-resolve-info reads it (fragments,
 * aliases, @skip/@include and variables already applied), merged per response key the way the
 * planner needs it.
 */
import { isObjectType, type GraphQLSchema } from 'graphql';
import type { FieldsByTypeName, ResolveTree } from 'graphql-parse-resolve-info';

/** Response key → the field selected under it. */
export type Fields = Record<string, ResolveTree>;

/**
 * Two selections under one response key that ask different things (possible only across
 * `edges { node }` and `nodes`, which share their objects) are left to the resolvers.
 */
export const CONFLICT: ResolveTree = Object.freeze({ name: '', alias: '', args: {}, fieldsByTypeName: {} });

/** The fields selected on objects of `type`, including fragments on the interfaces it implements. */
export function fieldsOn(schema: GraphQLSchema, byType: FieldsByTypeName, type: string): Fields {
  const out: Fields = {};
  const named = schema.getType(type);
  const interfaces = isObjectType(named) ? named.getInterfaces().map((i) => i.name) : [];
  for (const t of [type, ...interfaces]) if (byType[t]) mergeFields(out, byType[t]);
  return out;
}

function mergeFields(into: Fields, from: Fields): void {
  for (const [key, tree] of Object.entries(from)) {
    const had = into[key];
    if (!had) into[key] = tree;
    else if (had === CONFLICT || had.name !== tree.name || !sameArgs(had.args, tree.args)) into[key] = CONFLICT;
    else into[key] = { ...had, fieldsByTypeName: mergeByType(had.fieldsByTypeName, tree.fieldsByTypeName) };
  }
}

function mergeByType(a: FieldsByTypeName, b: FieldsByTypeName): FieldsByTypeName {
  const out: FieldsByTypeName = {};
  for (const t of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const fields: Fields = {};
    mergeFields(fields, a[t] ?? {});
    mergeFields(fields, b[t] ?? {});
    out[t] = fields;
  }
  return out;
}

function sameArgs(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Every field selected under a connection's object, whatever the connection type is called. */
function connectionFields(tree: ResolveTree): ResolveTree[] {
  return Object.values(tree.fieldsByTypeName).flatMap((fields) => Object.values(fields));
}

/**
 * A connection field's node selection (`edges { node }` and `nodes` merged), whether it counts,
 * and whether it asks for cursors (an edge's or pageInfo's); without cursors, rows need no sort values.
 */
export function connectionSelection(
  schema: GraphQLSchema,
  tree: ResolveTree,
  nodeType: string,
): { fields: Fields; counted: boolean; cursors: boolean } {
  const fields: Fields = {};
  let counted = false;
  let cursors = false;
  for (const f of connectionFields(tree)) {
    if (f.name === 'totalCount') counted = true;
    else if (f.name === 'nodes') mergeFields(fields, fieldsOn(schema, f.fieldsByTypeName, nodeType));
    else if (f.name === 'pageInfo') {
      if (connectionFields(f).some((p) => p.name === 'startCursor' || p.name === 'endCursor')) cursors = true;
    } else if (f.name === 'edges') {
      for (const e of connectionFields(f)) {
        if (e.name === 'node') mergeFields(fields, fieldsOn(schema, e.fieldsByTypeName, nodeType));
        else if (e.name === 'cursor') cursors = true;
      }
    }
  }
  return { fields, counted, cursors };
}
