import { readFileSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const SEEDS_DIR = path.join(REPO_ROOT, 'seeds');

export const BIN = path.join(REPO_ROOT, 'bin/paperboy.js');

/** The Node flags the `paperboy` command ships with: those of its first line, after `node`. */
export function shippedNodeFlags(): string[] {
  const shebang = readFileSync(BIN, 'utf8').split('\n')[0]!;
  return shebang.replace('#!/usr/bin/env -S node', '').split(' ').filter(Boolean);
}
