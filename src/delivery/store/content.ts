// The delivery store's content statements: the "sent" ledger (SentPaper, which papers went to
// whom) and each delivery's stored papers (DeliveryContent, JSON written here and parsed on every
// read), plus the read behind a digest's web view.
import type { Prisma, PrismaClient } from '../../db/index.js';
import { parseStoredContent, type ChosenPaper } from '../content.js';

/** A transaction or the client: the build writes the ledger and the content in one transaction. */
type Db = PrismaClient | Prisma.TransactionClient;

export interface LedgerEntry {
  subscriberId: number;
  paperId: number;
  deliveryId: number;
}

/**
 * Enters papers in their subscribers' ledgers; returns the entries written, leaving out a paper
 * the subscriber already has (entered by another delivery meanwhile).
 */
export function enterSentPapers(db: Db, entries: LedgerEntry[]): Promise<Array<{ deliveryId: number; paperId: number }>> {
  return db.$queryRaw<Array<{ deliveryId: number; paperId: number }>>`
    INSERT INTO "SentPaper" ("subscriberId", "paperId", "deliveryId")
    SELECT * FROM unnest(${entries.map((e) => e.subscriberId)}::int[], ${entries.map((e) => e.paperId)}::int[], ${entries.map((e) => e.deliveryId)}::int[])
    ON CONFLICT DO NOTHING
    RETURNING "deliveryId", "paperId"`;
}

/** Takes these deliveries' papers back out of the ledger (their digest is not sent after all). */
export async function withdrawSentPapers(db: Db, deliveryIds: number[]): Promise<void> {
  if (deliveryIds.length > 0) await db.sentPaper.deleteMany({ where: { deliveryId: { in: deliveryIds } } });
}

export interface StoredContent {
  deliveryId: number;
  papers: ChosenPaper[];
  topics: string[];
  /** The reader's zone it was built for (null: read the subscriber's current one). */
  timeZone: string | null;
}

/** Stores what deliveries were built with (papers, the reader's topics and zone); a delivery that has content already keeps it. */
export async function storeContents(db: Db, contents: StoredContent[]): Promise<void> {
  if (contents.length === 0) return;
  // One row per delivery, the batch in one statement with a column array each (Prisma's
  // createMany spends ~0.3 ms per row on its arguments). A row per paper, as before, made
  // 13 rows and 26 foreign-key checks per digest: most of PostgreSQL's work in a send run.
  // Topics travel as JSON: unnest would flatten an array of text arrays into one list of labels.
  await db.$executeRaw`
    INSERT INTO "DeliveryContent" ("deliveryId", papers, topics, "timeZone")
    SELECT id, papers, ARRAY(SELECT label FROM jsonb_array_elements_text(topics) WITH ORDINALITY AS l(label, n) ORDER BY n), zone
    FROM unnest(${contents.map((c) => c.deliveryId)}::int[], ${contents.map((c) => JSON.stringify(c.papers))}::jsonb[], ${contents.map((c) => JSON.stringify(c.topics))}::jsonb[], ${contents.map((c) => c.timeZone)}::text[]) AS t(id, papers, topics, zone)
    ON CONFLICT DO NOTHING`;
}

/** A delivered digest as its web view needs it. */
export interface DeliveredDigest {
  id: number;
  /** When it was planned (its createdAt): the web view shows its papers' dates as the email did. */
  plannedAt: Date;
  edition: { key: string; date: Date };
  subscriber: { linkKey: string; feedbackKey: string; keyFirstDeliveryId: number; confirmedAt: Date | null; digestSize: number; likedPapers: number };
  /** The zone it was built for (the email's), else the subscriber's current one. */
  timeZone: string;
  /** Parsed; empty when it was never built (or skipped). */
  papers: ChosenPaper[];
  /** The topics it was built for (the email named these), whatever the reader follows now. */
  topics: string[];
}

/** The delivery with this web token, or null. Stored content that is not valid throws InvalidContentError. */
export async function findDelivered(prisma: PrismaClient, webToken: string): Promise<DeliveredDigest | null> {
  const delivery = await prisma.delivery.findUnique({
    where: { webToken },
    select: {
      id: true,
      createdAt: true,
      edition: { select: { key: true, date: true } },
      content: { select: { papers: true, topics: true, timeZone: true } },
      subscriber: { select: { linkKey: true, feedbackKey: true, keyFirstDeliveryId: true, timeZone: true, confirmedAt: true, digestSize: true, _count: { select: { liked: true } } } },
    },
  });
  if (!delivery) return null;
  const { timeZone, _count, ...rest } = delivery.subscriber;
  const subscriber = { ...rest, likedPapers: _count.liked };
  return {
    id: delivery.id,
    plannedAt: delivery.createdAt,
    edition: delivery.edition,
    subscriber,
    timeZone: delivery.content?.timeZone ?? timeZone,
    papers: delivery.content ? parseStoredContent(delivery.content.papers) : [],
    topics: delivery.content?.topics ?? [],
  };
}
