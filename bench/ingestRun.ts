/**
 * One timed import for bench/ingest.ts, in a process of its own so its peak RSS is the import's:
 * `node --import tsx bench/ingestRun.ts bulk|floor DATABASE_URL DIR [BATCH_SIZE] [PARSE_WORKERS]`. Prints one JSON
 * line: { seconds, records, maxRssMb, total, phases } (phases: milliseconds per phase, bulk only).
 */
import { createPrismaClient } from '../src/db/client.js';
import { importPaths } from '../src/import/importer.js';
import { floorImport } from './ingestFloor.js';
import { PhaseTimes } from '../src/import/bulk/phases.js';

async function main(): Promise<void> {
  const [mode, url, dir, batch, workers] = process.argv.slice(2);
  const batchSize = batch ? Number(batch) : undefined;
  const parseWorkers = workers ? Number(workers) : undefined;
  const started = process.hrtime.bigint();
  let result: { records: number; total?: unknown; phases?: Record<string, number> };
  if (mode === 'floor') {
    result = { records: await floorImport(url, dir, batchSize, parseWorkers) };
  } else if (mode === 'bulk') {
    const prisma = createPrismaClient(url, { poolSize: 4 });
    const phases = new PhaseTimes();
    try {
      const summary = await importPaths(prisma, [dir], { format: 'gkg', bulk: { databaseUrl: url, batchSize, parseWorkers, phases } });
      const t = summary.total;
      result = { records: t.inserted + t.updated + t.unchanged + t.rejected, total: t, phases: phases.ms };
    } finally {
      await prisma.$disconnect();
    }
  } else {
    throw new Error(`mode: expected bulk or floor, got ${mode}`);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // maxRSS is in kilobytes.
  console.log(JSON.stringify({ seconds, ...result, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
