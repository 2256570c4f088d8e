/** Search: every kind of result for search(query:), with snippets and a type filter; state in the URL. */
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { clip, Empty, entityPath, ErrorView, Loading, ShowQuery, Snippet } from '../components/ui';
import { graphql } from '../gql';
import type { SearchType } from '../gql/graphql';

const SearchQuery = graphql(`
  query Search($query: String!, $types: [SearchType!]) {
    search(query: $query, types: $types, first: 30) {
      totalCount
      edges {
        score
        snippet
        node {
          __typename
          ... on Article { id title source { id name } }
          ... on Quote { id text speaker { id slug name } article { id title } }
          ... on Person { id slug name }
          ... on Organization { id slug name }
          ... on Place { id slug name }
          ... on Declaration { id slug title }
        }
      }
    }
  }
`);

const TYPES: SearchType[] = ['ARTICLE', 'QUOTE', 'PERSON', 'ORGANIZATION', 'PLACE', 'DECLARATION'];

export function Search() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const type = params.get('type') as SearchType | null;
  const variables = { query: q, types: type ? [type] : null };
  const [{ data, fetching, error }] = useQuery({ query: SearchQuery, variables, pause: !q });
  return (
    <>
      <h1>Search{q && <>: “{q}”</>}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="type">Type</label>
        <select id="type" value={type ?? ''} onChange={(e) => setParams(e.target.value ? { q, type: e.target.value } : { q })}>
          <option value="">All kinds</option>
          {TYPES.map((t) => <option key={t} value={t}>{t.toLowerCase()}</option>)}
        </select>
      </form>
      {!q && <Empty>Type something in the search box.</Empty>}
      {fetching && <Loading what="results" />}
      {error && <ErrorView error={error} />}
      {data && (data.search.edges.length === 0 ? <Empty>Nothing matches “{q}”.</Empty> : (
        <>
          <p>{data.search.totalCount} results</p>
          <ol className="results">
            {data.search.edges.map((edge, i) => {
              const n = edge.node;
              const path = n.__typename === 'Quote' ? `/articles/${encodeURIComponent(n.article.id)}` : entityPath(n);
              const label = n.__typename === 'Quote' ? `${n.speaker?.name ?? 'Quote'}: “${clip(n.text)}”` : 'title' in n ? n.title : n.name;
              return (
                <li key={i}>
                  <span className="kind">{n.__typename}</span> <Link to={path}>{label}</Link>
                  {edge.snippet && <Snippet text={edge.snippet} />}
                </li>
              );
            })}
          </ol>
        </>
      ))}
      {q && <ShowQuery query={SearchQuery} variables={variables} />}
    </>
  );
}
