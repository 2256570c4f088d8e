/** Custom scalars: PartialDate, Date and DateTime. */
import { GraphQLError, GraphQLScalarType, Kind, parse, valueFromASTUntyped, type ValueNode } from 'graphql';
import { parsePartialDate } from '../lib/partialDate.js';

function inputError(type: string, value: unknown): GraphQLError {
  return new GraphQLError(`${type} cannot represent ${JSON.stringify(value)}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

function literalString(type: string, ast: ValueNode): string {
  if (ast.kind !== Kind.STRING) throw inputError(type, (ast as { value?: unknown }).value ?? ast.kind);
  return ast.value;
}

/** A partial date travels as a string; resolvers format it from (date, precision). */
const PartialDate = new GraphQLScalarType({
  name: 'PartialDate',
  serialize: (v) => String(v),
  parseValue(v) {
    if (typeof v !== 'string' || !safeParsePartial(v)) throw inputError('PartialDate', v);
    return v;
  },
  parseLiteral(ast) {
    const v = literalString('PartialDate', ast);
    if (!safeParsePartial(v)) throw inputError('PartialDate', v);
    return v;
  },
});

function safeParsePartial(v: string): boolean {
  try {
    parsePartialDate(v);
    return true;
  } catch {
    return false;
  }
}

/** A calendar date, as `YYYY-MM-DD`; parsed to the same string after checking it exists. */
function parseDate(v: unknown): string {
  // Year 0000 exists in ISO 8601 and JavaScript but not in Postgres (1 BC precedes AD 1).
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || v.startsWith('0000')) throw inputError('Date', v);
  const d = new Date(`${v}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) throw inputError('Date', v);
  return v;
}

const DateScalar = new GraphQLScalarType({
  name: 'Date',
  serialize: (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v)),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(literalString('Date', ast)),
});

function parseDateTime(v: unknown): Date {
  const ok = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v);
  const d = ok ? new Date(v) : undefined;
  // Years outside 0001-9999 (a time zone can push 0001 or 9999 across) aren't Postgres timestamps we can write back.
  const year = d?.getUTCFullYear() ?? 0;
  if (!d || Number.isNaN(d.getTime()) || year < 1 || year > 9999) throw inputError('DateTime', v);
  return d;
}

const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (v) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString()),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(literalString('DateTime', ast)),
});

/** Any JSON value, passed through; what it must look like is checked where it is used. */
const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

export const scalarResolvers = { PartialDate, Date: DateScalar, DateTime, JSON: JSONScalar };

/**
 * The scalars with the descriptions schema.graphql gives them. A resolver-provided scalar replaces
 * the SDL's definition in the executable schema, description included, so introspection would show
 * none; the contract's words are copied over rather than written twice.
 */
export function describedScalars(typeDefs: string): typeof scalarResolvers {
  const descriptions = new Map<string, string>();
  for (const def of parse(typeDefs).definitions) {
    if (def.kind === Kind.SCALAR_TYPE_DEFINITION && def.description) descriptions.set(def.name.value, def.description.value);
  }
  const described = <I, O>(s: GraphQLScalarType<I, O>) =>
    new GraphQLScalarType<I, O>({ ...s.toConfig(), description: descriptions.get(s.name) ?? s.description });
  return {
    PartialDate: described(PartialDate),
    Date: described(DateScalar),
    DateTime: described(DateTime),
    JSON: described(JSONScalar),
  };
}
