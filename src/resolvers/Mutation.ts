import type { Context } from '../context.js';
import { decodeGlobalId, toGlobalId } from '../lib/globalId.js';
import { isClientSafe } from '../lib/errors.js';
import { requireScope } from '../services/auth.js';
import { deleteArticle } from '../services/articleWrites.js';
import { storeDocument } from '../import/store.js';
import { mergeEntities, type MergeableType } from '../services/merge.js';
import { resolveRef } from '../services/refs.js';
import type { MutationResolvers } from './generated.js';

interface UserError {
  field: string[];
  message: string;
  code: 'INVALID' | 'NOT_FOUND' | 'CONFLICT';
}

type WithClientId = { clientMutationId?: string | null };

async function articleUpsert(_: unknown, { input }: { input: { document: unknown } & WithClientId }, ctx: Context) {
  requireScope(ctx.viewer, 'write');
  const result = await storeDocument(ctx.db, input.document);
  const clientMutationId = input.clientMutationId ?? null;
  if (!result.ok) {
    const userErrors: UserError[] = result.issues.map((i: { path: string; message: string }) => ({
      field: ['document', ...i.path.split(/[.[\]]/).filter(Boolean)],
      message: i.message,
      code: result.code,
    }));
    return { article: null, status: null, userErrors, clientMutationId };
  }
  return {
    article: await ctx.loaders.article.load(result.articleId),
    status: result.status.toUpperCase(),
    userErrors: [],
    clientMutationId,
  };
}

async function articleDelete(_: unknown, { input }: { input: { id: string } & WithClientId }, ctx: Context) {
  requireScope(ctx.viewer, 'write');
  const decoded = decodeGlobalId(input.id);
  const clientMutationId = input.clientMutationId ?? null;
  if (!decoded || decoded.type !== 'Article') {
    return { deletedArticleId: null, userErrors: [{ field: ['id'], message: 'Not an Article id', code: 'INVALID' }], clientMutationId };
  }
  const deleted = await deleteArticle(ctx.db, decoded.id);
  if (!deleted) {
    return { deletedArticleId: null, userErrors: [{ field: ['id'], message: 'No such article', code: 'NOT_FOUND' }], clientMutationId };
  }
  return { deletedArticleId: toGlobalId('Article', decoded.id), userErrors: [], clientMutationId };
}

type MergeInput = { survivorId: string; mergedId: string; reason?: string | null } & WithClientId;

function merge(type: MergeableType) {
  return async (_: unknown, { input }: { input: MergeInput }, ctx: Context) => {
    const key = requireScope(ctx.viewer, 'write');
    const clientMutationId = input.clientMutationId ?? null;
    const entityField = type;
    const fail = (field: string, message: string, code: UserError['code']) => ({
      [entityField]: null,
      mergeRecord: null,
      userErrors: [{ field: [field], message, code }],
      clientMutationId,
    });
    let survivorId: number;
    let mergedId: number;
    try {
      survivorId = await resolveRef(ctx.db, type, input.survivorId, 'survivorId');
      mergedId = await resolveRef(ctx.db, type, input.mergedId, 'mergedId');
    } catch (err) {
      // Only our own coded errors become user errors; anything else (a database failure) is
      // rethrown for formatError to classify, so no ORM or SQL text reaches the client.
      if (!isClientSafe(err)) throw err;
      const argument = typeof err.extensions.argument === 'string' ? err.extensions.argument : 'survivorId';
      return fail(argument, err.message, 'NOT_FOUND');
    }
    const result = await mergeEntities(ctx.db, {
      type,
      survivorId,
      mergedId,
      actor: `${key.name} (${key.prefix}…)`,
      apiKeyId: key.id,
      reason: input.reason,
    });
    if (!result.ok) return fail(result.field, result.message, result.code === 'SAME_ENTITY' ? 'CONFLICT' : 'NOT_FOUND');
    return {
      [entityField]: await ctx.loaders[type].load(result.survivorId),
      mergeRecord: result.record,
      userErrors: [],
      clientMutationId,
    };
  };
}

export const Mutation: MutationResolvers = {
  articleUpsert,
  articleDelete,
  personMerge: merge('person'),
  organizationMerge: merge('organization'),
};
