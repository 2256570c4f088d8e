-- CreateEnum
CREATE TYPE "DatePrecision" AS ENUM ('DAY', 'MONTH', 'YEAR');

-- CreateEnum
CREATE TYPE "OrganizationKind" AS ENUM ('GOVERNMENT', 'MINISTRY', 'DEPARTMENT', 'ARMED_FORCES', 'DELEGATION', 'MEDIA', 'COMPANY', 'INTERNATIONAL_BODY', 'POLITICAL_PARTY', 'OTHER');

-- CreateEnum
CREATE TYPE "PlaceKind" AS ENUM ('COUNTRY', 'REGION', 'CITY', 'OTHER');

-- CreateEnum
CREATE TYPE "DeclarationKind" AS ENUM ('TREATY', 'MEMORANDUM', 'DECLARATION', 'AGREEMENT', 'JOINT_STATEMENT', 'OTHER');

-- CreateEnum
CREATE TYPE "DeclarationRelationKind" AS ENUM ('COMPARED_TO', 'FORMALIZES', 'SUPERSEDES', 'AMENDS', 'IMPLEMENTS', 'REFERENCES');

-- CreateEnum
CREATE TYPE "EventKind" AS ENUM ('MEETING', 'AWARD', 'VISIT', 'INTERVIEW', 'STATEMENT', 'SIGNING', 'EXERCISE', 'OTHER');

-- CreateEnum
CREATE TYPE "MentionKind" AS ENUM ('PERSON', 'ORGANIZATION', 'PLACE', 'DECLARATION');

-- CreateTable
CREATE TABLE "source" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "domain" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "article" (
    "id" SERIAL NOT NULL,
    "url" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "published_at" TIMESTAMPTZ(3) NOT NULL,
    "language" TEXT,
    "source_id" INTEGER NOT NULL,
    "feed" TEXT NOT NULL DEFAULT 'newsgraph',
    "external_id" TEXT,
    "content_hash" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "article_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "article_author" (
    "article_id" INTEGER NOT NULL,
    "person_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "article_author_pkey" PRIMARY KEY ("article_id","person_id")
);

-- CreateTable
CREATE TABLE "person" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "aliases" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "description" TEXT,
    "nationality_id" INTEGER,
    "wikidata_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organization" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "aliases" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "kind" "OrganizationKind" NOT NULL DEFAULT 'OTHER',
    "description" TEXT,
    "country_id" INTEGER,
    "parent_id" INTEGER,
    "wikidata_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "place" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "aliases" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "kind" "PlaceKind" NOT NULL DEFAULT 'OTHER',
    "country_code" TEXT,
    "parent_id" INTEGER,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "wikidata_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "place_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "affiliation" (
    "id" SERIAL NOT NULL,
    "person_id" INTEGER NOT NULL,
    "organization_id" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "valid_from" DATE,
    "valid_from_precision" "DatePrecision",
    "valid_to" DATE,
    "valid_to_precision" "DatePrecision",
    "article_id" INTEGER,
    "evidence_start" INTEGER,
    "evidence_end" INTEGER,

    CONSTRAINT "affiliation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "declaration" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "aliases" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "kind" "DeclarationKind" NOT NULL DEFAULT 'OTHER',
    "signed_on" DATE,
    "signed_precision" "DatePrecision",
    "place_id" INTEGER,
    "summary" TEXT,
    "wikidata_id" TEXT,
    "article_id" INTEGER,
    "evidence_start" INTEGER,
    "evidence_end" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "declaration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "declaration_provision" (
    "id" SERIAL NOT NULL,
    "declaration_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "article_id" INTEGER,
    "evidence_start" INTEGER,
    "evidence_end" INTEGER,

    CONSTRAINT "declaration_provision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "declaration_signatory" (
    "id" SERIAL NOT NULL,
    "declaration_id" INTEGER NOT NULL,
    "person_id" INTEGER,
    "organization_id" INTEGER,
    "place_id" INTEGER,
    "role" TEXT,
    "article_id" INTEGER,
    "evidence_start" INTEGER,
    "evidence_end" INTEGER,

    CONSTRAINT "declaration_signatory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "declaration_relation" (
    "id" SERIAL NOT NULL,
    "from_id" INTEGER NOT NULL,
    "to_id" INTEGER NOT NULL,
    "kind" "DeclarationRelationKind" NOT NULL,
    "description" TEXT,
    "article_id" INTEGER,
    "evidence_start" INTEGER,
    "evidence_end" INTEGER,

    CONSTRAINT "declaration_relation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "quote" (
    "id" SERIAL NOT NULL,
    "article_id" INTEGER NOT NULL,
    "speaker_id" INTEGER,
    "speaker_name" TEXT,
    "text" TEXT NOT NULL,
    "said_on" DATE,
    "said_precision" "DatePrecision",
    "setting" TEXT,
    "setting_organization_id" INTEGER,
    "evidence_start" INTEGER,
    "evidence_end" INTEGER,

    CONSTRAINT "quote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mention" (
    "id" SERIAL NOT NULL,
    "article_id" INTEGER NOT NULL,
    "kind" "MentionKind" NOT NULL,
    "person_id" INTEGER,
    "organization_id" INTEGER,
    "place_id" INTEGER,
    "declaration_id" INTEGER,
    "start" INTEGER,
    "end" INTEGER,

    CONSTRAINT "mention_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event" (
    "id" SERIAL NOT NULL,
    "article_id" INTEGER NOT NULL,
    "kind" "EventKind" NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT,
    "occurred_on" DATE,
    "occurred_precision" "DatePrecision",
    "place_id" INTEGER,
    "topics" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "award" TEXT,
    "evidence_start" INTEGER,
    "evidence_end" INTEGER,

    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_participant" (
    "id" SERIAL NOT NULL,
    "event_id" INTEGER NOT NULL,
    "person_id" INTEGER,
    "organization_id" INTEGER,
    "role" TEXT,

    CONSTRAINT "event_participant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "source_slug_key" ON "source"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "article_url_key" ON "article"("url");

-- CreateIndex
CREATE INDEX "article_published_at_id_idx" ON "article"("published_at", "id");

-- CreateIndex
CREATE INDEX "article_source_id_published_at_idx" ON "article"("source_id", "published_at");

-- CreateIndex
CREATE UNIQUE INDEX "article_feed_external_id_key" ON "article"("feed", "external_id");

-- CreateIndex
CREATE INDEX "article_author_person_id_idx" ON "article_author"("person_id");

-- CreateIndex
CREATE UNIQUE INDEX "person_slug_key" ON "person"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "person_wikidata_id_key" ON "person"("wikidata_id");

-- CreateIndex
CREATE INDEX "person_name_idx" ON "person"("name");

-- CreateIndex
CREATE UNIQUE INDEX "organization_slug_key" ON "organization"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "organization_wikidata_id_key" ON "organization"("wikidata_id");

-- CreateIndex
CREATE INDEX "organization_parent_id_idx" ON "organization"("parent_id");

-- CreateIndex
CREATE INDEX "organization_name_idx" ON "organization"("name");

-- CreateIndex
CREATE UNIQUE INDEX "place_slug_key" ON "place"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "place_wikidata_id_key" ON "place"("wikidata_id");

-- CreateIndex
CREATE INDEX "place_parent_id_idx" ON "place"("parent_id");

-- CreateIndex
CREATE INDEX "affiliation_organization_id_idx" ON "affiliation"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "affiliation_person_id_organization_id_title_key" ON "affiliation"("person_id", "organization_id", "title");

-- CreateIndex
CREATE UNIQUE INDEX "declaration_slug_key" ON "declaration"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "declaration_wikidata_id_key" ON "declaration"("wikidata_id");

-- CreateIndex
CREATE INDEX "declaration_signed_on_idx" ON "declaration"("signed_on");

-- CreateIndex
CREATE UNIQUE INDEX "declaration_provision_declaration_id_position_key" ON "declaration_provision"("declaration_id", "position");

-- CreateIndex
CREATE INDEX "declaration_signatory_declaration_id_idx" ON "declaration_signatory"("declaration_id");

-- CreateIndex
CREATE INDEX "declaration_signatory_person_id_idx" ON "declaration_signatory"("person_id");

-- CreateIndex
CREATE INDEX "declaration_signatory_organization_id_idx" ON "declaration_signatory"("organization_id");

-- CreateIndex
CREATE INDEX "declaration_signatory_place_id_idx" ON "declaration_signatory"("place_id");

-- CreateIndex
CREATE INDEX "declaration_relation_to_id_idx" ON "declaration_relation"("to_id");

-- CreateIndex
CREATE UNIQUE INDEX "declaration_relation_from_id_to_id_kind_key" ON "declaration_relation"("from_id", "to_id", "kind");

-- CreateIndex
CREATE INDEX "quote_article_id_idx" ON "quote"("article_id");

-- CreateIndex
CREATE INDEX "quote_speaker_id_article_id_idx" ON "quote"("speaker_id", "article_id");

-- CreateIndex
CREATE INDEX "mention_article_id_idx" ON "mention"("article_id");

-- CreateIndex
CREATE INDEX "mention_person_id_article_id_idx" ON "mention"("person_id", "article_id");

-- CreateIndex
CREATE INDEX "mention_organization_id_article_id_idx" ON "mention"("organization_id", "article_id");

-- CreateIndex
CREATE INDEX "mention_place_id_article_id_idx" ON "mention"("place_id", "article_id");

-- CreateIndex
CREATE INDEX "mention_declaration_id_article_id_idx" ON "mention"("declaration_id", "article_id");

-- CreateIndex
CREATE INDEX "event_article_id_idx" ON "event"("article_id");

-- CreateIndex
CREATE INDEX "event_occurred_on_idx" ON "event"("occurred_on");

-- CreateIndex
CREATE INDEX "event_participant_event_id_idx" ON "event_participant"("event_id");

-- CreateIndex
CREATE INDEX "event_participant_person_id_idx" ON "event_participant"("person_id");

-- CreateIndex
CREATE INDEX "event_participant_organization_id_idx" ON "event_participant"("organization_id");

-- AddForeignKey
ALTER TABLE "article" ADD CONSTRAINT "article_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "article_author" ADD CONSTRAINT "article_author_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "article_author" ADD CONSTRAINT "article_author_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_nationality_id_fkey" FOREIGN KEY ("nationality_id") REFERENCES "place"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization" ADD CONSTRAINT "organization_country_id_fkey" FOREIGN KEY ("country_id") REFERENCES "place"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization" ADD CONSTRAINT "organization_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "place" ADD CONSTRAINT "place_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "place"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "affiliation" ADD CONSTRAINT "affiliation_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "affiliation" ADD CONSTRAINT "affiliation_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "affiliation" ADD CONSTRAINT "affiliation_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "article"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "declaration" ADD CONSTRAINT "declaration_place_id_fkey" FOREIGN KEY ("place_id") REFERENCES "place"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "declaration" ADD CONSTRAINT "declaration_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "article"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "declaration_provision" ADD CONSTRAINT "declaration_provision_declaration_id_fkey" FOREIGN KEY ("declaration_id") REFERENCES "declaration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "declaration_provision" ADD CONSTRAINT "declaration_provision_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "article"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "declaration_signatory" ADD CONSTRAINT "declaration_signatory_declaration_id_fkey" FOREIGN KEY ("declaration_id") REFERENCES "declaration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "declaration_signatory" ADD CONSTRAINT "declaration_signatory_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "declaration_signatory" ADD CONSTRAINT "declaration_signatory_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "declaration_signatory" ADD CONSTRAINT "declaration_signatory_place_id_fkey" FOREIGN KEY ("place_id") REFERENCES "place"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "declaration_signatory" ADD CONSTRAINT "declaration_signatory_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "article"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "declaration_relation" ADD CONSTRAINT "declaration_relation_from_id_fkey" FOREIGN KEY ("from_id") REFERENCES "declaration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "declaration_relation" ADD CONSTRAINT "declaration_relation_to_id_fkey" FOREIGN KEY ("to_id") REFERENCES "declaration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "declaration_relation" ADD CONSTRAINT "declaration_relation_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "article"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quote" ADD CONSTRAINT "quote_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quote" ADD CONSTRAINT "quote_speaker_id_fkey" FOREIGN KEY ("speaker_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quote" ADD CONSTRAINT "quote_setting_organization_id_fkey" FOREIGN KEY ("setting_organization_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mention" ADD CONSTRAINT "mention_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mention" ADD CONSTRAINT "mention_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mention" ADD CONSTRAINT "mention_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mention" ADD CONSTRAINT "mention_place_id_fkey" FOREIGN KEY ("place_id") REFERENCES "place"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mention" ADD CONSTRAINT "mention_declaration_id_fkey" FOREIGN KEY ("declaration_id") REFERENCES "declaration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_place_id_fkey" FOREIGN KEY ("place_id") REFERENCES "place"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_participant" ADD CONSTRAINT "event_participant_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_participant" ADD CONSTRAINT "event_participant_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_participant" ADD CONSTRAINT "event_participant_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written below this line: constraints Prisma's schema language cannot express.

-- A mention names exactly one entity, and the column that names it matches its kind.
ALTER TABLE "mention" ADD CONSTRAINT "mention_one_entity_check" CHECK (
    ("kind" = 'PERSON' AND "person_id" IS NOT NULL AND "organization_id" IS NULL AND "place_id" IS NULL AND "declaration_id" IS NULL)
 OR ("kind" = 'ORGANIZATION' AND "organization_id" IS NOT NULL AND "person_id" IS NULL AND "place_id" IS NULL AND "declaration_id" IS NULL)
 OR ("kind" = 'PLACE' AND "place_id" IS NOT NULL AND "person_id" IS NULL AND "organization_id" IS NULL AND "declaration_id" IS NULL)
 OR ("kind" = 'DECLARATION' AND "declaration_id" IS NOT NULL AND "person_id" IS NULL AND "organization_id" IS NULL AND "place_id" IS NULL)
);

-- Evidence offsets are a half-open range into the article body.
ALTER TABLE "mention" ADD CONSTRAINT "mention_offsets_check" CHECK ("start" IS NULL OR ("start" >= 0 AND "end" >= "start"));

-- A signatory is someone: a person, an organization or a country.
ALTER TABLE "declaration_signatory" ADD CONSTRAINT "declaration_signatory_party_check" CHECK ("person_id" IS NOT NULL OR "organization_id" IS NOT NULL OR "place_id" IS NOT NULL);

-- A participant is someone: a person or an organization.
ALTER TABLE "event_participant" ADD CONSTRAINT "event_participant_party_check" CHECK ("person_id" IS NOT NULL OR "organization_id" IS NOT NULL);
