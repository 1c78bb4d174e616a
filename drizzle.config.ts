import { defineConfig } from "drizzle-kit";

// Migrations are generated here and applied by wrangler (`npm run db:migrate`), never by drizzle-kit.
export default defineConfig({
  dialect: "sqlite",
  schema: "./schema/index.ts",
  out: "./schema/migrations",
});
