/** Person: roles over time, quotes with the role that day, co-mentions, mention timeline, articles, merges. */
import { lazy, Suspense, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { ArticleList, Empty, EntityLink, ErrorView, Loading, partialDate, ShowQuery } from '../components/ui';
import { graphql } from '../gql';
import type { TimelineInterval } from '../gql/graphql';

const Network = lazy(() => import('../components/Network'));
const Timeline = lazy(() => import('../components/Timeline'));

const PersonQuery = graphql(`
  query Person($slug: String!, $interval: TimelineInterval!) {
    person(slug: $slug) {
      id slug name aliases description
      nationality { id slug name }
      affiliations { id title validFrom validTo organization { id slug name } evidence { text article { id } } }
      quotes(first: 20) { nodes { id text saidOn setting speakerRole { id title organization { id name } } article { id title } } }
      signatures { role declaration { id slug title signedOn } }
      events { role event { id kind title occurredOn article { id } participants { role person { id slug name } organization { id slug name } } } }
      coMentioned(first: 25) { nodes { count entity { __typename ... on Person { id slug name } ... on Organization { id slug name } } } }
      mentionTimeline(interval: $interval) { start count }
      articles(first: 20) { totalCount nodes { id title publishedAt source { id name } } }
      merges { mergedSlug actor reason createdAt }
    }
  }
`);

export function Person() {
  const { slug = '' } = useParams();
  const [interval, setInterval] = useState<TimelineInterval>('MONTH');
  const variables = { slug, interval };
  const [{ data, fetching, error }] = useQuery({ query: PersonQuery, variables });
  if (fetching && !data) return <Loading what="the person" />;
  if (error) return <ErrorView error={error} />;
  const p = data?.person;
  if (!p) return <Empty>No person “{slug}”.</Empty>;
  return (
    <>
      <h1>{p.name}</h1>
      <p className="meta">{p.description}{p.nationality && <> · <EntityLink e={{ __typename: 'Place', ...p.nationality }} /></>}{p.aliases.length > 0 && <> · also {p.aliases.join(', ')}</>}</p>
      <div className="cols">
        <section>
          <h2>Roles over time</h2>
          {p.affiliations.length === 0 ? <Empty>No roles known.</Empty> : (
            <ul>{p.affiliations.map((a) => (
              <li key={a.id}><strong>{a.title}</strong>, <EntityLink e={{ __typename: 'Organization', ...a.organization }} />
                <span className="meta"> {a.validFrom || a.validTo ? `${partialDate(a.validFrom) || '?'} – ${partialDate(a.validTo) || 'now'}` : 'dates unknown'}</span>
                {a.evidence?.text && <> · <Link to={`/articles/${encodeURIComponent(a.evidence.article.id)}`}>“{a.evidence.text}”</Link></>}
              </li>))}
            </ul>
          )}
          <h2>Quotes</h2>
          {p.quotes.nodes.length === 0 ? <Empty>No quotes.</Empty> : (
            <ul className="quotes">{p.quotes.nodes.map((q) => (
              <li key={q.id}>
                <blockquote>“{q.text}”</blockquote>
                <p className="meta">
                  {q.speakerRole ? <>as <strong>{q.speakerRole.title}</strong>, {q.speakerRole.organization.name}</> : 'role that day unknown'}
                  {q.saidOn && <> · {partialDate(q.saidOn)}</>}{q.setting && <> · {q.setting}</>}
                  {' · '}<Link to={`/articles/${encodeURIComponent(q.article.id)}`}>{q.article.title}</Link>
                </p>
              </li>))}
            </ul>
          )}
          {p.signatures.length > 0 && <>
            <h2>Signed</h2>
            <ul>{p.signatures.map((s) => <li key={s.declaration.id}><EntityLink e={{ __typename: 'Declaration', ...s.declaration }} /> {s.role && <span className="meta">as {s.role}</span>}</li>)}</ul>
          </>}
          <h2>Events</h2>
          {p.events.length === 0 ? <Empty>No events.</Empty> : (
            <ul>{p.events.map(({ role, event: ev }) => (
              <li key={ev.id}>
                <span className="kind">{ev.kind.toLowerCase()}</span> <Link to={`/articles/${encodeURIComponent(ev.article.id)}`}>{ev.title}</Link>
                {ev.occurredOn && <span className="meta"> · {partialDate(ev.occurredOn)}</span>}{role && <span className="meta"> · {role}</span>}
                <div className="meta">with {ev.participants.filter((x) => x.person?.id !== p.id).map((x, i) => {
                  const who = x.person ? { __typename: 'Person' as const, ...x.person } : x.organization ? { __typename: 'Organization' as const, ...x.organization } : null;
                  return who && <span key={i}>{i > 0 && ', '}<EntityLink e={who} /></span>;
                })}</div>
              </li>))}
            </ul>
          )}
        </section>
        <section>
          <h2>Co-mentioned</h2>
          {p.coMentioned.nodes.length === 0 ? <Empty>Nobody else appears alongside.</Empty> : (
            <Suspense fallback={<Loading what="the network" />}>
              <Network center={{ id: p.id, name: p.name }} nodes={p.coMentioned.nodes.map((c) => ({ ...c.entity, count: c.count }))} />
            </Suspense>
          )}
          <h2>Mentions over time</h2>
          <label htmlFor="interval">Interval </label>
          <select id="interval" value={interval} onChange={(e) => setInterval(e.target.value as TimelineInterval)}>
            {(['DAY', 'WEEK', 'MONTH', 'YEAR'] as const).map((i) => <option key={i} value={i}>{i.toLowerCase()}</option>)}
          </select>
          {p.mentionTimeline.length === 0 ? <Empty>No mentions.</Empty> : (
            <Suspense fallback={<Loading what="the chart" />}><Timeline buckets={p.mentionTimeline} /></Suspense>
          )}
        </section>
      </div>
      <h2>Articles ({p.articles.totalCount})</h2>
      <ArticleList articles={p.articles.nodes} />
      <h2>Merge history</h2>
      {p.merges.length === 0 ? <Empty>No duplicates were merged into this person.</Empty> : (
        <ul>{p.merges.map((m) => <li key={m.mergedSlug + m.createdAt}>{m.mergedSlug} merged by {m.actor} on {m.createdAt.slice(0, 10)}{m.reason && ` (${m.reason})`}</li>)}</ul>
      )}
      <ShowQuery query={PersonQuery} variables={variables} />
    </>
  );
}
