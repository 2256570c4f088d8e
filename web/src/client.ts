/** The urql client: a normalized cache (graphcache) over fetch, with the API key when one is set. */
import { cacheExchange } from '@urql/exchange-graphcache';
import { Client, fetchExchange } from 'urql';
import { apiUrl, authHeaders } from './lib/settings';

// Objects without an id (evidence, signatories, buckets...) are embedded in their parent, not keyed.
const embedded = () => null;

export const client = new Client({
  url: apiUrl,
  preferGetMethod: false,
  fetchOptions: () => ({ headers: authHeaders() }),
  exchanges: [
    cacheExchange({
      keys: {
        Evidence: embedded, Mention: embedded, Signatory: embedded, Provision: embedded, DeclarationRelation: embedded,
        EventParticipant: embedded, CoMention: embedded, TimelineBucket: embedded, MergeRecord: embedded, PageInfo: embedded,
        SearchEdge: embedded, ArticleEdge: embedded, ArticleTone: embedded, CoMentionConnection: embedded,
        ArticleConnection: embedded, QuoteConnection: embedded, SearchConnection: embedded, AffiliationConnection: embedded,
        PersonConnection: embedded, OrganizationConnection: embedded, PlaceConnection: embedded, DeclarationConnection: embedded,
      },
    }),
    fetchExchange,
  ],
});
