/**
 * Article: the body with every evidence span highlighted by kind (hover shows the fact, a click
 * opens the entity), and a side panel of the facts by kind with "show in text". Articles without a
 * stored body (GDELT) list their facts with offsets and link to the original.
 */
import { Fragment, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { dateTime, entityPath, ErrorView, Loading, partialDate, ShowQuery } from '../components/ui';
import { graphql } from '../gql';

const ArticleQuery = graphql(`
  query Article($id: ID!) {
    article(id: $id) {
      id url title body publishedAt feed topics
      source { id name }
      authors { id slug name }
      mentions {
        entity {
          __typename
          ... on Person { id slug name }
          ... on Organization { id slug name }
          ... on Place { id slug name }
          ... on Declaration { id slug title }
        }
        evidence { start end text }
      }
      quotes { id text saidOn speaker { id slug name } speakerRole { id title organization { id name } } evidence { start end } }
      events { id kind title occurredOn evidence { start end } participants { role person { id slug name } organization { id slug name } } }
      people { id affiliations { id title organization { id name } evidence { start end article { id } } } }
    }
  }
`);

type Kind = 'person' | 'organization' | 'place' | 'declaration' | 'quote' | 'role' | 'event';
interface Fact { kind: Kind; start: number; end: number; label: string; path?: string }

const KIND_NAMES: Record<Kind, string> = {
  person: 'People', organization: 'Organizations', place: 'Places', declaration: 'Declarations', quote: 'Quotes', role: 'Roles', event: 'Events',
};

export function Article() {
  const { id = '' } = useParams();
  const variables = { id };
  const [{ data, fetching, error }] = useQuery({ query: ArticleQuery, variables });
  if (fetching) return <Loading what="the article" />;
  if (error) return <ErrorView error={error} />;
  const a = data?.article;
  if (!a) return <p className="state empty">No article with id {id}.</p>;
  const facts: Fact[] = [];
  for (const m of a.mentions) {
    if (!m.evidence) continue;
    const e = m.entity;
    facts.push({ kind: e.__typename.toLowerCase() as Kind, start: m.evidence.start, end: m.evidence.end, label: `${e.__typename}: ${'title' in e ? e.title : e.name}`, path: entityPath(e) });
  }
  for (const q of a.quotes) {
    if (q.evidence) facts.push({ kind: 'quote', start: q.evidence.start, end: q.evidence.end, label: `Quote by ${q.speaker?.name ?? 'unknown'}${q.speakerRole ? `, ${q.speakerRole.title}` : ''}`, path: q.speaker ? entityPath({ __typename: 'Person', ...q.speaker }) : undefined });
  }
  for (const ev of a.events) {
    if (ev.evidence) facts.push({ kind: 'event', start: ev.evidence.start, end: ev.evidence.end, label: `${ev.kind.toLowerCase()}: ${ev.title}${ev.occurredOn ? ` (${partialDate(ev.occurredOn)})` : ''}` });
  }
  for (const p of a.people) {
    for (const af of p.affiliations) {
      if (af.evidence && af.evidence.article.id === a.id) facts.push({ kind: 'role', start: af.evidence.start, end: af.evidence.end, label: `Role: ${af.title}, ${af.organization.name}` });
    }
  }
  facts.sort((x, y) => x.start - y.start || y.end - x.end);
  const hasBody = a.body.length > 0;
  return (
    <article className="article-page">
      <header>
        <h1>{a.title}</h1>
        <p className="meta">
          {a.source.name} · {dateTime(a.publishedAt)}
          {a.authors.length > 0 && <> · by {a.authors.map((p, i) => <Fragment key={p.id}>{i > 0 && ', '}<Link to={`/people/${p.slug}`}>{p.name}</Link></Fragment>)}</>}
          {' · '}<a href={a.url} rel="noreferrer">original</a>
        </p>
        {a.topics.length > 0 && <p className="topics">Topics: {a.topics.join(', ')}</p>}
      </header>
      <div className="article-grid">
        <div className="body">
          {hasBody ? <Body text={a.body} facts={facts} /> : (
            <p className="state">This article's text is not stored ({a.feed}); its facts are listed with their offsets. Read it at <a href={a.url} rel="noreferrer">{a.url}</a>.</p>
          )}
        </div>
        <FactPanel facts={facts} hasBody={hasBody} />
      </div>
      <ShowQuery query={ArticleQuery} variables={variables} />
    </article>
  );
}

/** The body cut at every span boundary; each piece is marked by the innermost fact covering it. */
function Body({ text, facts }: { text: string; facts: Fact[] }) {
  const cuts = [...new Set([0, text.length, ...facts.flatMap((f) => [f.start, f.end])])].filter((c) => c >= 0 && c <= text.length).sort((x, y) => x - y);
  const pieces: ReactNode[] = [];
  for (let i = 0; i < cuts.length - 1; i++) {
    const [from, to] = [cuts[i], cuts[i + 1]];
    const words = text.slice(from, to);
    const covering = facts.filter((f) => f.start <= from && f.end >= to);
    if (!covering.length) { pieces.push(words); continue; }
    const inner = covering.reduce((best, f) => (f.end - f.start < best.end - best.start ? f : best));
    const index = facts.indexOf(inner);
    const title = covering.map((f) => f.label).join('\n');
    const first = inner.start === from ? `fact-${index}` : undefined;
    // Every kind covering the words is a class too (in-quote...), so a quote shows through the names inside it.
    const cls = `hl kind-${inner.kind}${covering.map((f) => ` in-${f.kind}`).join('')}`;
    pieces.push(inner.path
      ? <Link key={from} id={first} to={inner.path} className={cls} title={title} data-kind={inner.kind}>{words}</Link>
      : <mark key={from} id={first} className={cls} title={title} data-kind={inner.kind} tabIndex={0}>{words}</mark>);
  }
  return <div className="text">{pieces}</div>;
}

/**
 * The facts of one kind, one line per thing stated (a person mentioned four times is one line),
 * in reading order of their first occurrence; `at` holds the index of each occurrence in `facts`.
 */
function groupsOf(facts: Fact[], kind: Kind): Array<{ label: string; path?: string; at: number[] }> {
  const groups = new Map<string, { label: string; path?: string; at: number[] }>();
  facts.forEach((f, i) => {
    if (f.kind !== kind) return;
    const group = groups.get(f.label) ?? { label: f.label, path: f.path, at: [] };
    group.at.push(i);
    groups.set(f.label, group);
  });
  return [...groups.values()];
}

function FactPanel({ facts, hasBody }: { facts: Fact[]; hasBody: boolean }) {
  const kinds = (Object.keys(KIND_NAMES) as Kind[]).filter((k) => facts.some((f) => f.kind === k));
  const show = (i: number) => {
    const el = document.getElementById(`fact-${i}`);
    if (!el) return;
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    el.focus({ preventScroll: true });
    el.classList.add('flash');
    setTimeout(() => el.classList.remove('flash'), 1500);
  };
  return (
    <aside className="facts" aria-label="Facts by kind">
      <h2>Facts</h2>
      {kinds.length === 0 && <p className="state empty">No facts with offsets.</p>}
      {kinds.map((k) => (
        <section key={k}>
          <h3><span className={`swatch kind-${k}`} aria-hidden="true" /> {KIND_NAMES[k]}</h3>
          <ul>
            {groupsOf(facts, k).map((g) => (
              <li key={g.label}>
                {g.path ? <Link to={g.path}>{g.label}</Link> : g.label}
                {hasBody ? (
                  g.at.length === 1 ? (
                    <> <button type="button" className="link" onClick={() => show(g.at[0])}>show in text</button></>
                  ) : (
                    <span className="occurrences"> show in text:{g.at.map((i, n) => (
                      <button key={i} type="button" className="link" aria-label={`show mention ${n + 1} of ${g.at.length} in text`} onClick={() => show(i)}>{n + 1}</button>
                    ))}</span>
                  )
                ) : <span className="meta"> [{g.at.map((i) => `${facts[i].start}–${facts[i].end}`).join(', ')}]</span>}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
