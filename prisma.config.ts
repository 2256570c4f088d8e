// Prisma CLI configuration. DATABASE_URL is read directly: prisma/config's env() throws when it is
// unset, and `prisma generate` (run on every install) needs no database at all.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
