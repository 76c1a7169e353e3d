// Paper.search stops being a generated column (so that a paper that only gains upvotes is not
// re-parsed, and so that a writer may bring a vector it computed): rows stored before keep their vectors, and every way of writing a paper afterwards
// still leaves the vector PostgreSQL's own definition gives (title A, abstract B, 'english'), on
// both backends: missing on insert, stale after a title or abstract change, or set to NULL.
import { describe, expect, it } from 'vitest';
import { migrate, type Database } from '../../src/db/index.js';
import { BACKENDS } from '../../testkit/database.js';
import { databaseBefore } from '../helpers/migrations.js';

const SEARCH_FILLED = '20261204120000_search_filled_by_ingest';
// As of the last migration (20261206090000_field_words: search_text() keeps the field's words apart).
const DEFINITION = `setweight(to_tsvector('english', search_text(title)), 'A') || setweight(to_tsvector('english', search_text(abstract)), 'B')`;

describe.each(BACKENDS)('the search-column migration on %s', (backend) => {
  const open = databaseBefore(backend);
  let db: Database | undefined;

  const stale = () => db!.withSession((s) => s.query<{ titleKey: string }>(`SELECT "titleKey" FROM "Paper" WHERE search IS DISTINCT FROM ${DEFINITION}`));
  const vector = async (key: string) =>
    (await db!.withSession((s) => s.query<{ search: string }>(`SELECT search::text AS search FROM "Paper" WHERE "titleKey" = $1`, [key])))[0]!.search;

  it('keeps stored vectors and fills the vector of every paper written afterwards', async () => {
    db = await open(SEARCH_FILLED);
    await db.withSession((s) =>
      s.query(`INSERT INTO "Paper" ("titleKey", title, abstract, "firstSeenAt", "lastSeenAt") VALUES ('old', 'Sparse attention', 'We prune heads.', now(), now())`),
    );
    const before = await vector('old');

    expect(await migrate(db)).toContain(SEARCH_FILLED);
    expect(await vector('old')).toBe(before);
    await db.withSession(async (s) => {
      await s.query(`INSERT INTO "Paper" ("titleKey", title, abstract, "firstSeenAt", "lastSeenAt") VALUES ('new', 'Graph networks', 'We study cats.', now(), now())`);
      await s.query(`UPDATE "Paper" SET abstract = 'We study dogs, longer.' WHERE "titleKey" = 'new'`);
      await s.query(`UPDATE "Paper" SET title = 'Sparse attention heads', upvotes = 3 WHERE "titleKey" = 'old'`);
    });
    expect(await vector('new')).toContain("'dog'");
    expect(await vector('old')).toContain("'head':3A");
    await db.withSession((s) => s.query(`UPDATE "Paper" SET search = NULL`));
    expect(await stale()).toEqual([]);
  });
});
