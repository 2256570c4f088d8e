import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './src/generated/prisma/client.js';
import { loadSeed } from './src/services/ingest/seed.js';
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: 'postgresql://postgres@127.0.0.1:5432/scratch_writer' }) });
console.time('seed1'); console.log(await loadSeed(prisma)); console.timeEnd('seed1');
console.log(await loadSeed(prisma));
await prisma.$disconnect();
