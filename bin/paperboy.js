#!/usr/bin/env node
// The `paperboy` command. TypeScript sources run through tsx's loader, so a fresh clone needs no
// build step beyond `npm ci` (which generates the Prisma client).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv);
