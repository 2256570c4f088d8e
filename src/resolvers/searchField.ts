/** Query.search: ranked hits, turned into typed nodes, with snippets fetched only when selected. */
import type { Context } from '../context.js';
import { mapConnection, type ConnectionArgs } from '../lib/connection.js';
import { searchPage, snippets, type SearchHitRow, type SearchType } from '../services/search.js';
import { MODEL, typeOfSearchKind } from '../model/registry.js';
import { NODE_TYPE } from './Node.js';

type SearchArgs = ConnectionArgs & { query: string; types?: SearchType[] | null };

export async function search(_: unknown, args: SearchArgs, ctx: Context) {
  const conn = await searchPage(ctx.reader, args.query, args.types, args);
  const hits = conn.edges.map((e) => e.node);
  let snippetMap: Promise<Map<string, string>> | undefined;
  const snippetOf = (h: SearchHitRow) => async () => {
    snippetMap ??= snippets(ctx.reader, args.query, hits);
    return (await snippetMap).get(`${h.type}:${h.id}`) ?? null;
  };
  const loaded = new Map(await Promise.all(hits.map(async (h) => [h, await loadHit(ctx, h)] as const)));
  // `snippet` is a getter returning a promise: the compiled executor awaits it (Edge resolvers).
  return mapConnection(conn, (h) => loaded.get(h)!, (h) => ({
    score: h.score,
    get snippet() {
      return snippetOf(h)();
    },
  }));
}

async function loadHit(ctx: Context, hit: SearchHitRow) {
  const type = typeOfSearchKind(hit.type);
  if (!type) throw new Error(`search returned a hit of unknown kind ${hit.type}`);
  const loader: { load(id: number): Promise<object | null> } = ctx.loaders[MODEL[type].table];
  return { ...(await loader.load(hit.id)), [NODE_TYPE]: type };
}
