/**
 * `totalCount` of every connection: counted lazily (src/lib/connection.ts), so it is a promise
 * on the connection object. graphql-js awaits such a property; graphql-jit (src/execution) awaits
 * only what a resolver returns, so each connection type gets this one-line resolver.
 */
import type { Resolvers } from './generated.js';

function totalCount(connection: unknown): Promise<number> {
  if (connection !== null && typeof connection === 'object' && 'totalCount' in connection) {
    return Promise.resolve(connection.totalCount as number | Promise<number>);
  }
  return Promise.reject(new Error('not a connection'));
}

const counted = { totalCount };

export const connections = {
  AffiliationConnection: counted,
  ArticleConnection: counted,
  CoMentionConnection: counted,
  DeclarationConnection: counted,
  EventConnection: counted,
  OrganizationConnection: counted,
  PersonConnection: counted,
  PlaceConnection: counted,
  QuoteConnection: counted,
  SearchConnection: counted,
  SourceConnection: counted,
} satisfies Resolvers;
