/**
 * Fixture factories: small named builders for rows, with defaults, so a test states only what it
 * is about. Each takes overrides and returns the created row.
 */
import { getTestPrisma } from './db.js';

let seq = 0;
const next = () => ++seq;

export async function source(over: { name?: string; slug?: string } = {}) {
  const n = next();
  return getTestPrisma().source.create({ data: { name: over.name ?? `Source ${n}`, slug: over.slug ?? `source-${n}` } });
}

export async function article(over: { title?: string; publishedAt?: Date; sourceId?: number; body?: string; url?: string } = {}) {
  const n = next();
  const sourceId = over.sourceId ?? (await source()).id;
  return getTestPrisma().article.create({
    data: {
      url: over.url ?? `https://example.test/articles/${n}`,
      title: over.title ?? `Article ${n}`,
      body: over.body ?? `Body of article ${n}.`,
      publishedAt: over.publishedAt ?? new Date(Date.UTC(2021, 0, 1) + n * 60_000),
      sourceId,
    },
  });
}

export async function person(over: { name?: string; slug?: string; aliases?: string[] } = {}) {
  const n = next();
  return getTestPrisma().person.create({
    data: { name: over.name ?? `Person ${n}`, slug: over.slug ?? `person-${n}`, aliases: over.aliases ?? [] },
  });
}

export async function organization(over: { name?: string; slug?: string; parentId?: number } = {}) {
  const n = next();
  return getTestPrisma().organization.create({
    data: { name: over.name ?? `Organization ${n}`, slug: over.slug ?? `organization-${n}`, parentId: over.parentId },
  });
}

export async function affiliation(personId: number, organizationId: number, title = 'Member') {
  return getTestPrisma().affiliation.create({ data: { personId, organizationId, title } });
}

export async function mentionPerson(articleId: number, personId: number, start?: number, end?: number) {
  return getTestPrisma().mention.create({ data: { articleId, personId, kind: 'PERSON', start, end } });
}

export async function mentionOrganization(articleId: number, organizationId: number) {
  return getTestPrisma().mention.create({ data: { articleId, organizationId, kind: 'ORGANIZATION' } });
}

export async function quote(articleId: number, speakerId: number | null, text = 'Something said.') {
  return getTestPrisma().quote.create({ data: { articleId, speakerId, text } });
}
