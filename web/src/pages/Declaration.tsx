/** Declaration: kind, date with its precision, place, signatories with their role at signing, provisions, relations, articles. */
import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { ArticleList, Empty, EntityLink, ErrorView, Loading, partialDate, ShowQuery } from '../components/ui';
import { graphql } from '../gql';

const DeclarationQuery = graphql(`
  query Declaration($slug: String!) {
    declaration(slug: $slug) {
      id slug title aliases kind signedOn signedOnPrecision summary
      place { id slug name }
      signatories {
        role
        person { id slug name }
        organization { id slug name }
        country { id slug name }
        roleAtSigning { id title organization { id name } }
      }
      provisions { position text }
      relatedDeclarations { kind direction description declaration { id slug title } }
      articles(first: 20) { totalCount nodes { id title publishedAt source { id name } } }
    }
  }
`);

export function Declaration() {
  const { slug = '' } = useParams();
  const variables = { slug };
  const [{ data, fetching, error }] = useQuery({ query: DeclarationQuery, variables });
  if (fetching) return <Loading what="the declaration" />;
  if (error) return <ErrorView error={error} />;
  const d = data?.declaration;
  if (!d) return <Empty>No declaration “{slug}”.</Empty>;
  return (
    <>
      <h1>{d.title}</h1>
      <p className="meta">
        <span className="kind">{d.kind.toLowerCase().replace('_', ' ')}</span>
        {d.signedOn && <> · signed {partialDate(d.signedOn)} <span className="meta">(known to the {d.signedOnPrecision?.toLowerCase() ?? 'day'})</span></>}
        {d.place && <> · at <EntityLink e={{ __typename: 'Place', ...d.place }} /></>}
      </p>
      {d.summary && <p>{d.summary}</p>}
      <h2>Signatories</h2>
      {d.signatories.length === 0 ? <Empty>No signatories known.</Empty> : (
        <ul className="signatories">{d.signatories.map((s, i) => (
          <li key={i}>
            {s.person ? <EntityLink e={{ __typename: 'Person', ...s.person }} /> : s.organization ? <EntityLink e={{ __typename: 'Organization', ...s.organization }} /> : s.country && <EntityLink e={{ __typename: 'Place', ...s.country }} />}
            {s.role && <> · <span className="role">{s.role}</span></>}
            {s.roleAtSigning && <span className="meta"> (role at signing: {s.roleAtSigning.title}, {s.roleAtSigning.organization.name})</span>}
          </li>))}
        </ul>
      )}
      <h2>Provisions</h2>
      {d.provisions.length === 0 ? <Empty>No provisions recorded.</Empty> : <ol>{d.provisions.map((p) => <li key={p.position}>{p.text}</li>)}</ol>}
      <h2>Related declarations</h2>
      {d.relatedDeclarations.length === 0 ? <Empty>None.</Empty> : (
        <ul>{d.relatedDeclarations.map((r, i) => (
          <li key={i}>{r.direction === 'OUTGOING' ? <>this {r.kind.toLowerCase().replace('_', ' ')} </> : <>is {r.kind.toLowerCase().replace('_', ' ')} by </>}
            <EntityLink e={{ __typename: 'Declaration', ...r.declaration }} />{r.description && <span className="meta"> · {r.description}</span>}</li>))}
        </ul>
      )}
      <h2>Articles ({d.articles.totalCount})</h2>
      <ArticleList articles={d.articles.nodes} />
      <ShowQuery query={DeclarationQuery} variables={variables} />
    </>
  );
}
