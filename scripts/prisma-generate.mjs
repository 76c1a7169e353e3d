// Generates the Prisma client offline. The CLI refuses to start unless it can find a schema
// engine binary, which cannot be downloaded here; `generate` never runs it, so any existing
// file satisfies the check. A real engine, where one is installed, is left alone.
import { spawnSync } from 'node:child_process';

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
const result = spawnSync('npx', ['prisma', 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
