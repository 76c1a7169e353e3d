// `paperboy subscribe` as the real command: what it stores for a new address, what it changes (and
// keeps) for one already on the list, and what it says it did. No corpus needed: topics resolve
// against the catalogue alone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { openTestApp, testEnv } from '../../testkit/app.js';
import { runPaperboy } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';

describe('paperboy subscribe', { timeout: 180_000 }, () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let app: App;
  beforeEach(async () => {
    db = await createTestDatabase('postgres');
    env = testEnv(db);
    app = await openTestApp(db);
  });
  afterEach(async () => {
    await app?.close();
    await db?.drop();
  });

  const subscribe = async (...args: string[]) => {
    const result = await runPaperboy(['subscribe', ...args], env);
    expect(result.code, result.stderr).toBe(0);
    return result;
  };

  it('says the topics it stored, not the words typed', async () => {
    const text = await subscribe('ada@example.org', '--topic', 'LLM');
    expect(text.stdout).toMatch(/^Subscribed ada@example\.org to: Large language models\b/m);
    expect(text.stdout).not.toMatch(/to: LLM/);
    const json = await subscribe('bob@example.org', '--topic', 'LLM', '--topic', 'my own words', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ email: 'bob@example.org', created: true, topics: ['Large language models', 'my own words'] });
  });
});
