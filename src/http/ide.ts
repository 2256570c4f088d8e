/**
 * The page a browser gets at GET /graphql: Apollo Sandbox when Apollo's CDN is reachable from the
 * browser, and otherwise, automatically, the local GraphiQL at /graphiql (bundled from the npm
 * package `graphiql` into web/dist, so it works offline). Served through Apollo's landing-page hook,
 * so Apollo's own content negotiation and private mode decide when it is shown.
 */
import type { ApolloServerPlugin } from '@apollo/server';

/** Apollo's embeddable Sandbox; the only thing on the page that leaves this server. */
export const SANDBOX_SCRIPT = 'https://embeddable-sandbox.cdn.apollographql.com/_latest/embeddable-sandbox.umd.production.min.js';
/** How long the browser waits for the Sandbox script before switching to the local GraphiQL. */
export const SANDBOX_TIMEOUT_MS = 4_000;

/** The landing-page plugin serving sandboxPage(). */
export function idePlugin(): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return { async renderLandingPage() { return { html: sandboxPage() }; } };
    },
  };
}

/**
 * A small page that loads the Sandbox script with a timeout; when it fails or takes too long, the
 * browser is sent to /graphiql. The API key (PRIVATE_MODE) is kept in localStorage under the same
 * name the explorer and GraphiQL use, and handed to Sandbox as a shared header.
 */
export function sandboxPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsgraph · Apollo Sandbox</title>
<link rel="icon" href="data:,">
<style>
  html, body { height: 100%; margin: 0; font: 14px/1.4 system-ui, sans-serif; }
  body { display: flex; flex-direction: column; }
  header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .4rem .8rem; background: #1d2b3a; color: #fff; }
  header a { color: #9fd3ff; }
  #status { flex: 1; min-width: 12rem; }
  #sandbox { flex: 1; min-height: 0; }
  #sandbox iframe { width: 100%; height: 100%; border: 0; }
</style>
</head>
<body>
<header>
  <strong>newsgraph · Apollo Sandbox</strong>
  <span id="status" role="status">Loading Apollo Sandbox from Apollo's CDN… <a href="/graphiql">Use the local GraphiQL</a> · <a href="/">Explorer</a></span>
  <form id="key-form">
    <label for="api-key">API key</label>
    <input id="api-key" type="password" autocomplete="off" placeholder="for private servers">
    <button type="submit">Save</button>
  </form>
</header>
<main id="sandbox"></main>
<script>
(function () {
  var STORAGE = 'newsgraph.apiKey';
  var key = '';
  try { key = localStorage.getItem(STORAGE) || ''; } catch (e) {}
  var input = document.getElementById('api-key');
  input.value = key;
  document.getElementById('key-form').addEventListener('submit', function (e) {
    e.preventDefault();
    try { input.value ? localStorage.setItem(STORAGE, input.value.trim()) : localStorage.removeItem(STORAGE); } catch (err) {}
    location.reload();
  });
  var done = false;
  function fallback() {
    if (done) return;
    done = true;
    location.replace('/graphiql?from=sandbox');
  }
  var timer = setTimeout(fallback, ${SANDBOX_TIMEOUT_MS});
  var script = document.createElement('script');
  script.src = ${JSON.stringify(SANDBOX_SCRIPT)};
  script.onerror = fallback;
  script.onload = function () {
    if (done || !window.EmbeddedSandbox) return fallback();
    done = true;
    clearTimeout(timer);
    document.getElementById('status').innerHTML = 'Apollo Sandbox, from Apollo\\'s CDN. <a href="/graphiql">Use the local GraphiQL</a> · <a href="/">Explorer</a>';
    new window.EmbeddedSandbox({
      target: '#sandbox',
      initialEndpoint: location.origin + location.pathname,
      endpointIsEditable: false,
      includeCookies: false,
      runTelemetry: false,
      initialState: { sharedHeaders: key ? { Authorization: 'Bearer ' + key } : {} },
    });
  };
  document.head.appendChild(script);
})();
</script>
</body>
</html>
`;
}
