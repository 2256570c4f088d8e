/** Shared pieces: the page frame, loading/empty/error states, "Show the query", dates, snippets. */
import { useState, type ReactNode } from 'react';
import { Link, NavLink, useNavigate } from 'react-router';
import { stringifyDocument, type CombinedError, type DocumentInput } from 'urql';
import { graphiqlLink } from '../lib/settings';

export function Layout({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  return (
    <>
      <a className="skip" href="#main">Skip to content</a>
      <header className="top">
        <Link to="/" className="brand">newsgraph</Link>
        <form role="search" className="top-search" onSubmit={(e) => {
          e.preventDefault();
          const q = new FormData(e.currentTarget).get('q');
          if (typeof q === 'string' && q.trim()) void navigate(`/search?q=${encodeURIComponent(q.trim())}`);
        }}>
          <label htmlFor="top-q" className="sr-only">Search the graph</label>
          <input id="top-q" name="q" type="search" placeholder="Search: Shusha, &quot;defence minister&quot;, -kars" />
          <button type="submit">Search</button>
        </form>
        <nav aria-label="Tools"><NavLink to="/">Latest</NavLink> <a href="/graphiql">GraphiQL</a></nav>
      </header>
      <main id="main" tabIndex={-1}>{children}</main>
    </>
  );
}

export function Loading({ what }: { what: string }) {
  return <p className="state" role="status" aria-live="polite">Loading {what}…</p>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state empty">{children}</p>;
}

/** A failed request, with each GraphQL error's code and message; never a blank page. */
export function ErrorView({ error }: { error: CombinedError }) {
  return (
    <div className="state error" role="alert">
      <strong>The request failed.</strong>
      {error.networkError && <p>Network: {error.networkError.message}</p>}
      <ul>
        {error.graphQLErrors.map((e, i) => (
          <li key={i}><code>{String(e.extensions?.code ?? 'ERROR')}</code> {e.message}</li>
        ))}
      </ul>
    </div>
  );
}

/** Reveals the operation and variables a page ran, and opens them in GraphiQL. */
export function ShowQuery({ query, variables }: { query: DocumentInput<unknown, object>; variables?: object }) {
  const [open, setOpen] = useState(false);
  const text = stringifyDocument(query);
  return (
    <section className="show-query">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>{open ? 'Hide the query' : 'Show the query'}</button>
      {open && (
        <div>
          <pre aria-label="GraphQL operation"><code>{text}</code></pre>
          {variables && <pre aria-label="Variables"><code>{JSON.stringify(variables, null, 2)}</code></pre>}
          <a href={graphiqlLink(text, variables as Record<string, unknown>)}>Open in GraphiQL</a>
        </div>
      )}
    </section>
  );
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** A partial date as given: "2021", "June 2021" or "15 June 2021", never padded. */
export function partialDate(value: string | null | undefined): string {
  if (!value) return '';
  const [y, m, d] = value.split('-');
  if (!m) return y;
  const month = MONTHS[Number(m) - 1] ?? m;
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

/** At most `max` characters, cut at a word boundary with an ellipsis (a quote's title in a list). */
export function clip(text: string, max = 80): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : text.slice(0, max)).replace(/[\s,;:.–-]+$/, '')}…`;
}

export function dateTime(value: string): string {
  return new Date(value).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** A search snippet: text, with only <mark>…</mark> turned into highlights; everything else stays text. */
export function Snippet({ text }: { text: string }) {
  const parts = text.split(/(<mark>|<\/mark>)/);
  let marked = false;
  const out: ReactNode[] = [];
  parts.forEach((part, i) => {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) out.push(marked ? <mark key={i}>{part}</mark> : <span key={i}>{part}</span>);
  });
  return <p className="snippet">{out}</p>;
}

type Linkable = { __typename?: string; slug?: string; id?: string; name?: string; title?: string };
/** Where an entity lives in the explorer. */
export function entityPath(e: Linkable): string {
  switch (e.__typename) {
    case 'Person': return `/people/${e.slug}`;
    case 'Organization': return `/organizations/${e.slug}`;
    case 'Place': return `/places/${e.slug}`;
    case 'Declaration': return `/declarations/${e.slug}`;
    case 'Article': return `/articles/${encodeURIComponent(e.id ?? '')}`;
    default: return '/';
  }
}

export function EntityLink({ e }: { e: Linkable }) {
  return <Link to={entityPath(e)}>{e.name ?? e.title}</Link>;
}

export interface ArticleSummary { id: string; title: string; publishedAt: string; source: { name: string } }
export function ArticleList({ articles }: { articles: ArticleSummary[] }) {
  if (!articles.length) return <Empty>No articles.</Empty>;
  return (
    <ul className="articles">
      {articles.map((a) => (
        <li key={a.id}>
          <Link to={`/articles/${encodeURIComponent(a.id)}`}>{a.title}</Link>
          <span className="meta"> · {a.source.name} · {dateTime(a.publishedAt)}</span>
        </li>
      ))}
    </ul>
  );
}
