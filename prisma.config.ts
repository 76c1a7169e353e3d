// Used by the Prisma CLI only (generate; migrate deploy where its engine is available).
// The application itself builds its client from src/config at runtime.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/paperboy' },
});
