-- CreateTable
CREATE TABLE "api_key" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "merge_record" (
    "id" SERIAL NOT NULL,
    "entity_type" TEXT NOT NULL,
    "survivor_id" INTEGER NOT NULL,
    "merged_id" INTEGER NOT NULL,
    "merged_slug" TEXT NOT NULL,
    "snapshot" JSONB NOT NULL,
    "api_key_id" INTEGER,
    "actor" TEXT NOT NULL,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "merge_record_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_key_prefix_key" ON "api_key"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_hash_key" ON "api_key"("hash");

-- CreateIndex
CREATE INDEX "merge_record_entity_type_survivor_id_idx" ON "merge_record"("entity_type", "survivor_id");

-- CreateIndex
CREATE INDEX "merge_record_entity_type_merged_id_idx" ON "merge_record"("entity_type", "merged_id");

-- AddForeignKey
ALTER TABLE "merge_record" ADD CONSTRAINT "merge_record_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE SET NULL ON UPDATE CASCADE;
