// A connection handed back to the pool inside a transaction is not handed to the next user. It
// happens when the server cancels the ROLLBACK or COMMIT that ends a transaction (57014, as
// test/delivery/outage.test.ts does to a send run): the next user of that connection failed with
// 25P02, "current transaction is aborted", whatever it ran, or ran inside a transaction nobody
// would commit. The embedded database's owner has no pool (one PGlite session, which nothing
// outside it cancels); the commands attached to it go through the same pool code as a server.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/index.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';

describe('the connection pool on PostgreSQL', () => {
  let test: TestDatabase | undefined;
  let db: Database | undefined;
  afterEach(async () => {
    await db?.close();
    await test?.drop();
  });

  it('never gives the next user a connection left inside an aborted or open transaction', async () => {
    test = await createTestDatabase('postgres');
    db = await openDatabase({ databaseUrl: test.url, dataDir: test.dataDir });
    // Left aborted: a statement failed inside the transaction, and no ROLLBACK followed.
    await db.withSession(async (session) => {
      await session.query('BEGIN');
      await expect(session.query('SELECT 1 / 0')).rejects.toThrow(/division by zero/);
    });
    expect(await db.prisma.$queryRawUnsafe<Array<{ one: number }>>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    // Left open: what the next user writes would wait for a COMMIT that never comes.
    await db.withSession((session) => session.query('BEGIN'));
    await db.prisma.$executeRawUnsafe('CREATE TABLE kept (id int)');
    await db.withSession(async (session) => expect(await session.query('SELECT count(*)::int AS n FROM kept')).toEqual([{ n: 0 }]));
  });
});
