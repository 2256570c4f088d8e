/** Home: what the graph holds, and the latest articles, loaded page by page as you scroll. */
import { useEffect, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { ArticleList, ErrorView, Loading, ShowQuery, type ArticleSummary } from '../components/ui';
import { graphql } from '../gql';

const HomeQuery = graphql(`
  query Home($first: Int!, $after: String) {
    articles(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id title publishedAt source { id name } }
    }
    people(first: 1) { totalCount }
    organizations(first: 1) { totalCount }
    places(first: 1) { totalCount }
    declarations(first: 1) { totalCount }
  }
`);

export function Home() {
  const [after, setAfter] = useState<string | null>(null);
  const [seen, setSeen] = useState<ArticleSummary[]>([]);
  const variables = { first: 20, after };
  const [{ data, fetching, error }] = useQuery({ query: HomeQuery, variables });
  const sentinel = useRef<HTMLDivElement>(null);
  const page = data?.articles;
  const all = [...seen, ...(page?.nodes ?? []).filter((a) => !seen.some((s) => s.id === a.id))];
  const more = () => {
    if (!page?.pageInfo.hasNextPage || fetching) return;
    setSeen(all);
    setAfter(page.pageInfo.endCursor ?? null);
  };
  useEffect(() => {
    const el = sentinel.current;
    if (!el) return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && more());
    io.observe(el);
    return () => io.disconnect();
  });
  return (
    <>
      <h1>The newsgraph explorer</h1>
      <p className="lede">Every fact beside the words that state it. Search above, or start from an article.</p>
      {data && (
        <dl className="counts" aria-label="What the graph holds">
          <div><dt>Articles</dt><dd>{data.articles.totalCount}</dd></div>
          <div><dt>People</dt><dd>{data.people.totalCount}</dd></div>
          <div><dt>Organizations</dt><dd>{data.organizations.totalCount}</dd></div>
          <div><dt>Places</dt><dd>{data.places.totalCount}</dd></div>
          <div><dt>Declarations</dt><dd>{data.declarations.totalCount}</dd></div>
        </dl>
      )}
      <h2>Latest articles</h2>
      {error && <ErrorView error={error} />}
      {!error && <ArticleList articles={all} />}
      {fetching && <Loading what="articles" />}
      <div ref={sentinel} />
      {page?.pageInfo.hasNextPage && <button type="button" onClick={more}>Load more</button>}
      <ShowQuery query={HomeQuery} variables={variables} />
    </>
  );
}
