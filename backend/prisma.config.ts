// Prisma CLI settings. Only `prisma generate` is used here: the CLI's migrate and db commands
// need its native schema-engine binary, which it downloads from Prisma's servers.
// Migrations are applied by the app itself through the WASM schema engine
// (src/database/migrations), and `prisma migrate deploy` works on the same folder
// wherever its binary can be had.
import 'dotenv/config';
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/placeholder' },
});
