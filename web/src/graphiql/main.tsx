/**
 * The offline GraphiQL at /graphiql: the npm package `graphiql`, bundled by Vite with its editor
 * workers, so it needs nothing beyond this server. `?query=` and `?variables=` prefill it (the
 * explorer's "open in GraphiQL" links); the API key bar serves servers in PRIVATE_MODE.
 */
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { apiUrl, authHeaders } from '../lib/settings';
import { KeyBar } from './KeyBar';
import './graphiql.css';

const params = new URLSearchParams(window.location.search);

const fetcher = createGraphiQLFetcher({
  url: apiUrl,
  subscriptionUrl: apiUrl.replace(/^http/, 'ws'),
  wsConnectionParams: authHeaders(),
  // Read the key at each request, so a key saved in the bar applies without a reload.
  fetch: (input, init) => fetch(input, { ...init, headers: { ...authHeaders(), ...(init?.headers as Record<string, string>) } }),
});

const DEFAULT_QUERY = `# newsgraph: every fact keeps the words that state it.
# Run with Ctrl-Enter; the Docs button lists every type and field.
{
  declarations(first: 3, filter: { title: "shusha" }) {
    nodes {
      title
      signedOn
      signatories { role person { name } }
      evidence { text }
    }
  }
}
`;

function App() {
  return (
    <div className="ng-graphiql">
      <KeyBar fallback={params.get('from') === 'sandbox'} />
      <div className="ng-graphiql-editor">
        <GraphiQL
          fetcher={fetcher}
          initialQuery={params.get('query') ?? undefined}
          initialVariables={params.get('variables') ?? undefined}
          defaultQuery={DEFAULT_QUERY}
          defaultEditorToolsVisibility={params.has('variables') ? 'variables' : undefined}
        />
      </div>
    </div>
  );
}

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
