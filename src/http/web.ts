/**
 * The browser side of the server: the explorer (web/dist, a single-page app: any path that is not
 * a file gets index.html, so deep links and reloads work) and the offline GraphiQL at /graphiql.
 * Built by `npm install` (postinstall) or by `npm start` when web/dist is missing.
 */
import { existsSync } from 'node:fs';
import type http from 'node:http';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export type WebHandler = (req: http.IncomingMessage, res: http.ServerResponse, pathname: string) => void;

/**
 * Serves web/dist. With `graphiql` false (SANDBOX off, as in production by default), /graphiql is
 * not served. Without a build, a short page says how to make one.
 */
export function webHandler(opts: { graphiql: boolean; dist?: string }): WebHandler {
  const dist = opts.dist ?? WEB_DIST;
  if (!existsSync(`${dist}/index.html`)) {
    return (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The explorer is not built: run `npm run web:build` (GraphQL is at /graphql).\n');
    };
  }
  // Hashed assets never change under their name; the pages must be revalidated to pick up a build.
  const files = sirv(dist, {
    single: true,
    etag: true,
    setHeaders: (res, path) => {
      res.setHeader('cache-control', path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return (req, res, pathname) => {
    if (!opts.graphiql && (pathname === '/graphiql' || pathname === '/graphiql.html')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    if (pathname === '/graphiql') {
      const query = req.url?.slice(req.url.indexOf('?') >= 0 ? req.url.indexOf('?') : req.url.length) ?? '';
      req.url = `/graphiql.html${query}`;
    }
    files(req, res, () => {
      res.writeHead(404).end();
    });
  };
}
