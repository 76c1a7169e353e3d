// What a delivery test opens (a database, the application, an SMTP sink, a database proxy) and
// closes after each test, whatever happened, last opened first; and the check that ends most
// fault tests: every delivery finished, each one sent accepted under its own Message-ID.
import { afterEach, expect } from 'vitest';
import type { App } from '../../../src/app.js';
import type { TestDatabase } from '../../../testkit/database.js';
import type { DatabaseProxy } from './proxy.js';
import type { RecordingSink } from '../../../testkit/recording-sink.js';

export interface Fixture {
  db?: TestDatabase;
  app?: App;
  sink?: RecordingSink;
  proxy?: DatabaseProxy;
}

/** Registers the after-each cleanup; the test fills the fixture's fields as it opens things. */
export function perTestFixture(): Fixture {
  const fixture: Fixture = {};
  afterEach(async () => {
    await fixture.proxy?.close();
    await fixture.app?.close().catch(() => {}); // its database may be the one a test took away
    await fixture.sink?.close();
    await fixture.db?.drop();
    for (const key of Object.keys(fixture) as Array<keyof Fixture>) delete fixture[key];
  });
  return fixture;
}

/** Every delivery ended sent or skipped, and each sent one was accepted under its own Message-ID. */
export async function expectAllDelivered(app: App, sink: RecordingSink, count: number): Promise<void> {
  const rows = await app.prisma.delivery.findMany({ select: { status: true, messageId: true, attempts: true } });
  expect(rows).toHaveLength(count);
  expect(rows.filter((r) => r.status !== 'sent' && r.status !== 'skipped')).toEqual([]);
  const accepted = new Set(sink.accepted.map((m) => m.messageId));
  expect(rows.filter((r) => r.status === 'sent' && !accepted.has(r.messageId))).toEqual([]);
}
