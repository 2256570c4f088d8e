/** Place: where it lies (its hierarchy), what lies in it, and articles. */
import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { ArticleList, Empty, EntityLink, ErrorView, Loading, ShowQuery } from '../components/ui';
import { graphql } from '../gql';

const PlaceQuery = graphql(`
  query Place($slug: String!) {
    place(slug: $slug) {
      id slug name kind aliases countryCode
      parent { id slug name parent { id slug name parent { id slug name } } }
      children { id slug name }
      articles(first: 20) { totalCount nodes { id title publishedAt source { id name } } }
    }
  }
`);

export function Place() {
  const { slug = '' } = useParams();
  const variables = { slug };
  const [{ data, fetching, error }] = useQuery({ query: PlaceQuery, variables });
  if (fetching) return <Loading what="the place" />;
  if (error) return <ErrorView error={error} />;
  const p = data?.place;
  if (!p) return <Empty>No place “{slug}”.</Empty>;
  const chain: { id: string; slug: string; name: string }[] = [];
  for (let up: { id: string; slug: string; name: string; parent?: unknown } | null | undefined = p.parent; up; up = (up.parent as typeof up) ?? null) chain.unshift(up);
  return (
    <>
      <nav aria-label="Hierarchy" className="crumbs">{chain.map((c) => <span key={c.id}><EntityLink e={{ __typename: 'Place', ...c }} /> › </span>)}{p.name}</nav>
      <h1>{p.name}</h1>
      <p className="meta"><span className="kind">{p.kind.toLowerCase()}</span>{p.countryCode && <> · {p.countryCode}</>}{p.aliases.length > 0 && <> · also {p.aliases.join(', ')}</>}</p>
      {p.children.length > 0 && <><h2>Places in {p.name}</h2><ul>{p.children.map((c) => <li key={c.id}><EntityLink e={{ __typename: 'Place', ...c }} /></li>)}</ul></>}
      <h2>Articles ({p.articles.totalCount})</h2>
      <ArticleList articles={p.articles.nodes} />
      <ShowQuery query={PlaceQuery} variables={variables} />
    </>
  );
}
