/**
 * HTTP caching of GraphQL GETs. A query's policy is the smallest max-age among the root fields it
 * selects (a table below, per field), computed once per parsed document from its operation, not
 * per resolved field (Apollo's cache-control plugin wraps every resolver, which the benchmark
 * showed costs too much). Mutations and responses with errors are never stored; a request with an
 * API key is `private` (its answer may depend on the key), an anonymous one `public`, so a CDN may
 * keep it. Each GET answer carries a weak ETag of its body, and `If-None-Match` gets 304.
 */
import { createHash } from 'node:crypto';
import { Kind, OperationTypeNode, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/** Seconds a root field's answer may be reused. Lists of news move fastest. */
export const ROOT_MAX_AGE: Readonly<Record<string, number>> = {
  search: 30,
  articles: 30,
  events: 60,
  article: 60,
  node: 60,
  nodes: 60,
  person: 300,
  people: 300,
  organization: 300,
  organizations: 300,
  place: 3600,
  places: 3600,
  declaration: 300,
  declarations: 300,
  source: 3600,
  sources: 3600,
  __typename: 3600,
  __schema: 3600,
  __type: 3600,
};
const DEFAULT_MAX_AGE = 30;

export interface CachePolicy {
  maxAge: number;
}

const policies = new WeakMap<OperationDefinitionNode, CachePolicy | null>();

/** The policy of an operation: null for mutations and subscriptions (never cached). */
export function cachePolicy(document: DocumentNode, operation: OperationDefinitionNode): CachePolicy | null {
  const known = policies.get(operation);
  if (known !== undefined) return known;
  let policy: CachePolicy | null = null;
  if (operation.operation === OperationTypeNode.QUERY) {
    const fields = rootFieldsOf(document, operation);
    policy = { maxAge: Math.min(...[...fields].map((f) => ROOT_MAX_AGE[f] ?? DEFAULT_MAX_AGE), 3600) };
  }
  policies.set(operation, policy);
  return policy;
}

/** The root fields an operation selects (through fragments), by name. */
export function rootFieldsOf(document: DocumentNode, operation: OperationDefinitionNode): Set<string> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const fields = new Set<string>();
  collectRootFields(operation.selectionSet, fragments, fields, new Set());
  return fields;
}

function collectRootFields(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, out: Set<string>, seen: Set<string>): void {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) out.add(sel.name.value);
    else if (sel.kind === Kind.INLINE_FRAGMENT) collectRootFields(sel.selectionSet, fragments, out, seen);
    else if (!seen.has(sel.name.value)) {
      seen.add(sel.name.value);
      const frag = fragments.get(sel.name.value);
      if (frag) collectRootFields(frag.selectionSet, fragments, out, seen);
    }
  }
}

/** The Cache-Control value for a policy, public or private. */
export function cacheControl(policy: CachePolicy, isPrivate: boolean): string {
  const swr = Math.max(1, Math.floor(policy.maxAge / 2));
  return `${isPrivate ? 'private' : 'public'}, max-age=${policy.maxAge}, stale-while-revalidate=${swr}`;
}

/** A weak validator of a response body. */
export function etagOf(body: string): string {
  return `W/"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** Whether an If-None-Match header names this ETag (or is `*`). */
export function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || strip(t) === strip(etag));
}
