/** Query.search: ranked hits, turned into typed nodes, with snippets fetched only when selected. */
import type { Context } from '../context.js';
import type { ConnectionArgs } from '../lib/connection.js';
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
  const nodes = await Promise.all(hits.map((h) => loadHit(ctx, h)));
  const edges = conn.edges.map((e, i) => ({ cursor: e.cursor, node: nodes[i], score: e.node.score, snippet: snippetOf(e.node) }));
  return { ...conn, edges, nodes };
}

async function loadHit(ctx: Context, hit: SearchHitRow) {
  const type = typeOfSearchKind(hit.type);
  if (!type) throw new Error(`search returned a hit of unknown kind ${hit.type}`);
  const loader: { load(id: number): Promise<object | null> } = ctx.loaders[MODEL[type].table];
  return { ...(await loader.load(hit.id)), [NODE_TYPE]: type };
}
