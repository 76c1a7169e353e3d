// Golden-file comparison: UPDATE_GOLDEN=1 rewrites the committed files instead of comparing.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const GOLDEN_DIR = fileURLToPath(new URL('../fixtures/digest/golden/', import.meta.url));

export function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`Missing golden file ${file}: run with UPDATE_GOLDEN=1 to create it`);
  // toBe on whole strings gives a line diff when they differ.
  expect(actual, `${name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(file, 'utf8'));
}
