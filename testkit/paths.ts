import { readFileSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
export const SEEDS_DIR = path.join(REPO_ROOT, 'seeds');

export const BIN = path.join(REPO_ROOT, 'bin/paperboy.js');

/**
 * What the `paperboy` command's first line (`#!/usr/bin/env -S [NAME=value…] node [flags…]`) sets:
 * environment variables before `node`, Node flags after it.
 */
function shebang(): { env: Record<string, string>; flags: string[] } {
  const words = readFileSync(BIN, 'utf8').split('\n')[0]!.replace('#!/usr/bin/env -S ', '').split(' ').filter(Boolean);
  const node = words.indexOf('node');
  return { env: Object.fromEntries(words.slice(0, node).map((word) => word.split('=') as [string, string])), flags: words.slice(node + 1) };
}

/** The Node flags the `paperboy` command ships with: those of its first line, after `node`. */
export function shippedNodeFlags(): string[] {
  return shebang().flags;
}

/** The environment the `paperboy` command's first line sets for Node. */
export function shippedEnv(): Record<string, string> {
  return shebang().env;
}
