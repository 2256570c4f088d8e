/**
 * Limits on a GraphQL document checked before Apollo validates it. Validation is not linear in
 * the document: some of graphql-js' rules compare every pair of same-named fields, or every
 * operation with every fragment, so a 500 KB document of many operations or repeated fields can
 * hold the event loop for a second. This guard parses once with graphql-js' own token limit and
 * counts operations, fragments and selections in one pass, answering a coded 400 before any of
 * that work. Verdicts are remembered per document text, so a repeated query costs a lookup.
 */
import { GraphQLError, Kind, parse, type DocumentNode, type SelectionSetNode } from 'graphql';
import type { Limits } from '../config.js';
import { QUERY_TOO_COMPLEX } from './budget.js';

export type DocumentLimits = Pick<Limits, 'maxTokens' | 'maxOperations' | 'maxFragments' | 'maxSelections'>;

const MAX_REMEMBERED = 1_000;
// Long texts aren't remembered: a cache of them would be the memory an attacker wants.
const MAX_REMEMBERED_LENGTH = 20_000;

export function documentGuard(limits: DocumentLimits) {
  const verdicts = new Map<string, GraphQLError | null>();
  return (query: string): GraphQLError | null => {
    const known = verdicts.get(query);
    if (known !== undefined) return known;
    const verdict = judge(query, limits);
    if (query.length <= MAX_REMEMBERED_LENGTH) {
      if (verdicts.size >= MAX_REMEMBERED) verdicts.delete(verdicts.keys().next().value as string);
      verdicts.set(query, verdict);
    }
    return verdict;
  };
}

function judge(query: string, limits: DocumentLimits): GraphQLError | null {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: limits.maxTokens, noLocation: true });
  } catch (err) {
    if (err instanceof GraphQLError && /more tha[nt] \d+ tokens/.test(err.message)) {
      return tooLarge('token count', `more than ${limits.maxTokens}`, limits.maxTokens);
    }
    return null; // a syntax error: Apollo reports it, with its location, as it always has
  }
  let operations = 0;
  let fragments = 0;
  let selections = 0;
  const count = (set: SelectionSetNode) => {
    for (const sel of set.selections) {
      selections++;
      if (sel.kind !== Kind.FRAGMENT_SPREAD && sel.selectionSet) count(sel.selectionSet);
    }
  };
  for (const def of document.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION) operations++;
    else if (def.kind === Kind.FRAGMENT_DEFINITION) fragments++;
    if ('selectionSet' in def && def.selectionSet) count(def.selectionSet);
  }
  if (operations > limits.maxOperations) return tooLarge('operation count', operations, limits.maxOperations);
  if (fragments > limits.maxFragments) return tooLarge('fragment count', fragments, limits.maxFragments);
  if (selections > limits.maxSelections) return tooLarge('selection count', selections, limits.maxSelections);
  return null;
}

function tooLarge(measure: string, actual: number | string, limit: number): GraphQLError {
  return new GraphQLError(`Document ${measure} is ${actual}, over the limit of ${limit}; send a smaller document`, {
    extensions: { code: QUERY_TOO_COMPLEX, measure, actual, limit, http: { status: 400 } },
  });
}
