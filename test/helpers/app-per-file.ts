// The setup most database tests share: a fresh PostgreSQL database and an app on it for the tests
// of one file, closed and dropped after them.
import { afterAll, beforeAll } from 'vitest';
import type { App } from '../../src/app.js';
import { openTestApp } from '../../testkit/app.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';

export function appPerFile(options: Parameters<typeof openTestApp>[1] = {}): { readonly app: App; readonly db: TestDatabase } {
  const state = {} as { app: App; db: TestDatabase };
  beforeAll(async () => {
    state.db = await createTestDatabase('postgres');
    state.app = await openTestApp(state.db, options);
  });
  afterAll(async () => {
    await state.app?.close();
    await state.db?.drop();
  });
  return state;
}
