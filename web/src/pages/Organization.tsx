/** Organization: kind, country, parent and children, members with titles, co-mentions, timeline, articles. */
import { lazy, Suspense } from 'react';
import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { ArticleList, Empty, EntityLink, ErrorView, Loading, ShowQuery } from '../components/ui';
import { graphql } from '../gql';

const Network = lazy(() => import('../components/Network'));
const Timeline = lazy(() => import('../components/Timeline'));

const OrganizationQuery = graphql(`
  query Organization($slug: String!) {
    organization(slug: $slug) {
      id slug name kind description aliases
      country { id slug name }
      parent { id slug name }
      children { id slug name }
      members(first: 50) { nodes { id title person { id slug name } } }
      coMentioned(first: 25) { nodes { count entity { __typename ... on Person { id slug name } ... on Organization { id slug name } } } }
      mentionTimeline(interval: MONTH) { start count }
      articles(first: 20) { totalCount nodes { id title publishedAt source { id name } } }
    }
  }
`);

export function Organization() {
  const { slug = '' } = useParams();
  const variables = { slug };
  const [{ data, fetching, error }] = useQuery({ query: OrganizationQuery, variables });
  if (fetching) return <Loading what="the organization" />;
  if (error) return <ErrorView error={error} />;
  const o = data?.organization;
  if (!o) return <Empty>No organization “{slug}”.</Empty>;
  return (
    <>
      <h1>{o.name}</h1>
      <p className="meta"><span className="kind">{o.kind.toLowerCase().replace('_', ' ')}</span>
        {o.country && <> · <EntityLink e={{ __typename: 'Place', ...o.country }} /></>}
        {o.parent && <> · part of <EntityLink e={{ __typename: 'Organization', ...o.parent }} /></>}</p>
      {o.description && <p>{o.description}</p>}
      {o.children.length > 0 && <><h2>Parts</h2><ul>{o.children.map((c) => <li key={c.id}><EntityLink e={{ __typename: 'Organization', ...c }} /></li>)}</ul></>}
      <h2>Members</h2>
      {o.members.nodes.length === 0 ? <Empty>No members known.</Empty> : (
        <ul>{o.members.nodes.map((m) => <li key={m.id}><EntityLink e={{ __typename: 'Person', ...m.person }} />, {m.title}</li>)}</ul>
      )}
      <div className="cols">
        <section><h2>Co-mentioned</h2>
          {o.coMentioned.nodes.length === 0 ? <Empty>Nobody else appears alongside.</Empty> : (
            <Suspense fallback={<Loading what="the network" />}><Network center={{ id: o.id, name: o.name }} nodes={o.coMentioned.nodes.map((c) => ({ ...c.entity, count: c.count }))} /></Suspense>
          )}
        </section>
        <section><h2>Mentions per month</h2>
          {o.mentionTimeline.length === 0 ? <Empty>No mentions.</Empty> : <Suspense fallback={<Loading what="the chart" />}><Timeline buckets={o.mentionTimeline} /></Suspense>}
        </section>
      </div>
      <h2>Articles ({o.articles.totalCount})</h2>
      <ArticleList articles={o.articles.nodes} />
      <ShowQuery query={OrganizationQuery} variables={variables} />
    </>
  );
}
