// Keeps the Topic table and the readers' stored interests in step with vocabulary.json, at every
// start: apart from catalogue.ts because it needs the one owner of topic names (topics.ts), which
// itself reads the catalogue.
import type { PrismaClient } from '../db/index.js';
import { defaultVocabulary, phraseText, type Vocabulary } from './catalogue.js';
import { TopicCatalogue } from './topics.js';

/**
 * Keeps the Topic table in step with the file: upserts every catalogue topic, moves the readers of
 * retired topics to the topics that replace them (a split topic's readers get each part), then
 * deletes the retired rows, and relabels stored interests with their topic's current name (readers
 * are stored by slug; a renamed topic keeps them). A reader's own words that now name a catalogue
 * topic (the catalogue grew: "graph neural networks", typed before round 27 added the topic) become
 * an interest in it, as the forms would store them today, in the same place among their topics.
 * Topics that vanished from the file without a retirement entry are kept, with their stored
 * phrases, so that nobody's interest breaks.
 */
export async function syncCatalogue(prisma: PrismaClient, vocabulary: Vocabulary = defaultVocabulary()): Promise<void> {
  const names = new Map(vocabulary.topics.map((topic) => [topic.slug, topic.name]));
  const wanted = vocabulary.topics.map((topic, position) => ({
    slug: topic.slug,
    name: topic.name,
    description: topic.description,
    phrases: [...topic.phrases, ...topic.related].map(phraseText),
    position,
  }));
  // Every command runs this at start. Rewriting rows already in step made concurrent commands
  // queue on the same row locks, past the transaction's 5 s under load: six `subscribe`s at once
  // on PostgreSQL failed with a stack trace, their readers not added. Reading first writes nothing.
  if (await inStep(prisma, wanted, vocabulary.retired.map((retired) => retired.slug))) return;
  const adopted = await ownWordsNamingTopics(prisma, vocabulary);
  await prisma.$transaction([
    ...wanted.map(({ slug, ...fields }) => prisma.topic.upsert({ where: { slug }, create: { slug, ...fields }, update: fields })),
    ...vocabulary.retired.flatMap((retired) => [
      ...retired.replacedBy.map(
        (slug) => prisma.$executeRaw`
          INSERT INTO "Interest" ("subscriberId", "topicSlug", label)
          SELECT DISTINCT i."subscriberId", ${slug}, ${names.get(slug)!} FROM "Interest" i WHERE i."topicSlug" = ${retired.slug}
          ON CONFLICT ("subscriberId", label) DO NOTHING`,
      ),
      prisma.$executeRaw`DELETE FROM "Interest" WHERE "topicSlug" = ${retired.slug}`,
      prisma.$executeRaw`DELETE FROM "Topic" WHERE slug = ${retired.slug}`,
    ]),
    ...adopted.flatMap(({ label, slugs }) => adopt(prisma, label, slugs, names)),
    // A reader who also typed the new name as their own words keeps one interest, the catalogue's.
    prisma.$executeRaw`
      DELETE FROM "Interest" own USING "Interest" i JOIN "Topic" t ON t.slug = i."topicSlug"
      WHERE own."subscriberId" = i."subscriberId" AND own.id <> i.id AND lower(own.label) = lower(t.name) AND i.label <> t.name`,
    prisma.$executeRaw`
      UPDATE "Interest" i SET label = t.name FROM "Topic" t WHERE t.slug = i."topicSlug" AND i.label <> t.name`,
  ]);
}

type TopicRow = { slug: string; name: string; description: string; phrases: string[]; position: number };

/** The Topic table holds the vocabulary exactly, no retired topic is left, and every label follows its topic's name. */
async function inStep(prisma: PrismaClient, wanted: TopicRow[], retired: string[]): Promise<boolean> {
  const rows = await prisma.topic.findMany({ select: { slug: true, name: true, description: true, phrases: true, position: true } });
  const stored = new Map(rows.map((row) => [row.slug, row]));
  const same = (want: TopicRow) => {
    const row = stored.get(want.slug);
    return row !== undefined && row.name === want.name && row.description === want.description && row.position === want.position && row.phrases.join('\u0000') === want.phrases.join('\u0000');
  };
  if (!wanted.every(same) || retired.some((slug) => stored.has(slug))) return false;
  const [left] = await prisma.$queryRaw<Array<{ stale: boolean }>>`
    SELECT EXISTS (SELECT 1 FROM "Interest" i JOIN "Topic" t ON t.slug = i."topicSlug" WHERE i.label <> t.name)
        OR EXISTS (SELECT 1 FROM "Interest" WHERE "topicSlug" = ANY(${retired}::text[])) AS stale`;
  return left?.stale === false;
}

/**
 * The distinct labels of readers' own words that the catalogue now names, with the slugs they name
 * (several for a split topic's old name). Read only when the catalogue's topics changed: an interest
 * typed since is resolved by the forms, the CLI and the import before it is stored. An alias or
 * synonym added to an unchanged topic is not noticed here (the Topic table keeps neither, and
 * resolving every stored label at each command's start would cost seconds on a large list); the
 * matcher resolves every label at each run, so such readers are matched by the topic all the same.
 */
async function ownWordsNamingTopics(prisma: PrismaClient, vocabulary: Vocabulary): Promise<Array<{ label: string; slugs: string[] }>> {
  const catalogue = new TopicCatalogue(vocabulary);
  const rows = await prisma.$queryRaw<Array<{ label: string }>>`SELECT DISTINCT label FROM "Interest" WHERE "topicSlug" IS NULL`;
  return rows.map(({ label }) => ({ label, slugs: catalogue.slugsOf(label) })).filter(({ slugs }) => slugs.length > 0);
}

/**
 * Statements that turn every own-words interest with this label into the catalogue topics it names:
 * the row itself becomes the first topic (keeping its place among the reader's topics), the other
 * parts of a split topic are added, and a reader who already had the topic keeps that one interest.
 */
function adopt(prisma: PrismaClient, label: string, slugs: string[], names: Map<string, string>) {
  const [first, ...others] = slugs as [string, ...string[]];
  const firstName = names.get(first)!;
  return [
    ...others.map(
      (slug) => prisma.$executeRaw`
        INSERT INTO "Interest" ("subscriberId", "topicSlug", label)
        SELECT "subscriberId", ${slug}, ${names.get(slug)!} FROM "Interest" WHERE "topicSlug" IS NULL AND label = ${label}
        ON CONFLICT ("subscriberId", label) DO NOTHING`,
    ),
    prisma.$executeRaw`
      UPDATE "Interest" own SET "topicSlug" = ${first}, label = ${firstName}
      WHERE own."topicSlug" IS NULL AND own.label = ${label}
        AND NOT EXISTS (SELECT 1 FROM "Interest" i WHERE i."subscriberId" = own."subscriberId" AND i.label = ${firstName})`,
    prisma.$executeRaw`DELETE FROM "Interest" WHERE "topicSlug" IS NULL AND label = ${label}`,
  ];
}
