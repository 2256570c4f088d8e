/**
 * Where the explorer and GraphiQL send GraphQL, and with which API key. The URL is a build setting
 * (VITE_NEWSGRAPH_API_URL; default: this origin's /graphql), so the explorer can point at any
 * newsgraph. The key (for servers in PRIVATE_MODE) is entered in the page and kept in localStorage.
 */
const KEY_STORAGE = 'newsgraph.apiKey';

/** The GraphQL endpoint, absolute. */
export const apiUrl: string = new URL(import.meta.env.VITE_NEWSGRAPH_API_URL || '/graphql', window.location.href).toString();

export function apiKey(): string {
  try {
    return window.localStorage.getItem(KEY_STORAGE) ?? '';
  } catch {
    return ''; // storage blocked (private windows): no key
  }
}

export function setApiKey(key: string): void {
  try {
    if (key) window.localStorage.setItem(KEY_STORAGE, key.trim());
    else window.localStorage.removeItem(KEY_STORAGE);
  } catch {
    // storage blocked: the key lasts until reload only through the caller's state
  }
}

/** The headers every request carries: the API key, when one is set. */
export function authHeaders(): Record<string, string> {
  const key = apiKey();
  return key ? { authorization: `Bearer ${key}` } : {};
}

/** A link to the local GraphiQL with an operation and its variables filled in. */
export function graphiqlLink(query: string, variables?: Record<string, unknown>): string {
  const params = new URLSearchParams({ query });
  if (variables && Object.keys(variables).length) params.set('variables', JSON.stringify(variables, null, 2));
  return `/graphiql?${params.toString()}`;
}
