// The import rules of src/, checked by test/architecture.test.ts (and by hand with
// `npx depcruise src --config .dependency-cruiser.cjs`). docs/architecture.md says why.
//
// A domain is a folder directly under src/ (corpus, subscriptions, matching, digest, delivery,
// calendar, web, cli, db, config, schedule, ops, shared). Another domain may use it only through
// its index.ts, its public surface; what is not exported there is its own business.

/** Folders under src/ whose files are imported one by one, with the reason. Keep this short. */
const OPEN_FOLDERS = [
  // Small stand-alone utilities (clock, logger, errors, time, concurrency) with no domain
  // knowledge and no state: an index would make a caller of `time.ts` load pino for nothing,
  // and the CLI loads modules lazily, one by one, to start fast.
  'shared',
];

/**
 * Files of a domain that other domains may import directly besides its index.ts: pure (no I/O,
 * nothing heavy imported) and needed where loading the whole domain would cost. The CLI loads
 * commands lazily, and `paperboy subscribe --help` must not load Prisma and PGlite (see
 * test/cli/startup.test.ts); every index.ts that reaches the database does. Keep this short.
 */
const PURE_ENTRIES = [
  // A paper's identity across sources; subscriptions matches a reader's paper references by it.
  // corpus/index.ts loads the corpus store, hence Prisma.
  'src/corpus/title.ts',
  // A process's name and whether it is gone (node builtins only); a job run is recorded with the
  // name of the process running it, and ingest must not load delivery's mailer for that.
  'src/delivery/claimant.ts',
];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle in src/ (type-only imports count: they tie the modules as much).',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-domain-internals',
      severity: 'error',
      comment:
        "Another domain's file imported directly: import it through that domain's index.ts (export it there if it is meant to be public).",
      // Files in a domain folder; the files at the root of src/ (main.ts, the composition root,
      // and app.ts, the App it builds) wire everything and may import any file.
      from: { path: '^src/([^/]+)/' },
      to: {
        path: '^src/[^/]+/',
        pathNot: [
          // Its own domain. (db/generated, the Prisma client, is db's like any other file:
          // Prisma, PrismaClient and the model types come through db/index.ts.)
          '^src/$1/',
          // Any domain's public surface.
          '^src/[^/]+/index\\.ts$',
          ...OPEN_FOLDERS.map((folder) => `^src/${folder}/`),
          ...PURE_ENTRIES.map((file) => `^${file.replace(/\./g, '\\.')}$`),
        ],
      },
    },
  ],
  options: {
    // The generated Prisma client imports itself in circles; it is not ours to shape, so it is
    // not followed (imports of it are still seen).
    doNotFollow: { path: ['node_modules', '^src/db/generated/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
