// The operator's view of the list: who is subscribed, how, to what, and for a suspended address
// why its digests stopped. Read in batches, so that an export of a large list never holds it all.
import type { PrismaClient, SubscriberStatus } from '../db/index.js';
import { defaultTopicCatalogue } from '../matching/index.js';
import { plural } from '../shared/wording.js';
import { portableRef, type EditionHistory } from './sent-history.js';

export interface RosterFilter {
  status?: SubscriberStatus;
  /** A topic as a reader or the operator would type it: resolved as `subscribe` resolves it ("LLM" is the LLM topic), else a free-text label, matched case-insensitively. */
  topic?: string;
  /** Read what each reader had too (an export's `sent` and `lastedition`): years of digests, so only when asked. */
  history?: EditionHistory;
}

export interface RosterEntry {
  email: string;
  status: SubscriberStatus;
  topics: string[];
  /** Papers the reader said they like: an interest too, and a reader's only one when topics is empty. */
  likedPapers: number;
  /**
   * Those papers as `subscribe --file` reads them back: "[arXiv id] Title" when the id is known
   * (found again by its id, or kept by its title, without asking arXiv), else the title.
   */
  liked: string[];
  /**
   * The papers they marked "more like this" and "less like this" (marks they undid left out), each
   * by its arXiv id, else its title: a paper's id in this database means nothing to another one.
   */
  more: string[];
  less: string[];
  /** With `history`: the papers they were sent, oldest first, each by its arXiv id, else its title. */
  sent?: string[];
  /** With `history`: the key of the newest edition they had (sent, or skipped with nothing new), e.g. `daily:2026-12-05`. */
  lastEdition?: string | null;
  /**
   * With `history`: the secret their unsubscribe and preferences links are bound to, so that the links
   * of the emails they have keep working in the database the list is imported into (useless without
   * APP_SECRET, which signs them).
   */
  linkKey?: string;
  frequency: 'daily' | 'weekly';
  sendHour: number;
  sendWeekday: number;
  timeZone: string;
  digestSize: number;
  createdAt: Date;
  confirmedAt: Date | null;
  /** Suspended only: when and why the digests stopped. */
  suspension: { at: Date; reason: string } | null;
}

export async function* readRoster(prisma: PrismaClient, filter: RosterFilter, batchSize = filter.history ? 100 : 500): AsyncGenerator<RosterEntry[]> {
  const topic = filter.topic?.trim();
  // One owner for a topic: "LLM" finds the readers `subscribe --topic LLM` stored under the catalogue's topic.
  const slugs = topic ? defaultTopicCatalogue().slugsOf(topic) : [];
  let cursor = 0;
  for (;;) {
    const batch = await prisma.subscriber.findMany({
      where: {
        id: { gt: cursor },
        ...(filter.status ? { status: filter.status } : {}),
        ...(topic
          ? { interests: { some: { OR: [{ label: { equals: topic, mode: 'insensitive' } }, { topicSlug: { equals: topic, mode: 'insensitive' } }, ...(slugs.length > 0 ? [{ topicSlug: { in: slugs } }] : [])] } } }
          : {}),
      },
      orderBy: { id: 'asc' },
      take: batchSize,
      // Topics in the order the reader has them (as `subscribe` and the preferences page list them):
      // an export re-imported with `subscribe --file` then changes nothing, where a sorted one
      // was counted, and recorded in the reader's history, as a change of topics.
      include: {
        interests: { select: { label: true }, orderBy: { id: 'asc' } },
        liked: { select: { arxivId: true, title: true }, orderBy: { id: 'asc' } },
        ratings: { where: { undoneAt: null }, select: { verdict: true, paper: { select: { arxivId: true, title: true } } }, orderBy: { id: 'asc' } },
      },
    });
    if (batch.length === 0) return;
    cursor = batch[batch.length - 1]!.id;
    const sent = filter.history ? await sentPapersOf(prisma, batch.map((s) => s.id)) : null;
    const lastEditions = filter.history ? await filter.history.lastHad(batch.map((s) => s.id)) : null;
    const suspensions = await suspensionsOf(prisma, batch.filter((s) => s.status === 'suspended').map((s) => s.id));
    yield batch.map((s) => ({
      email: s.email,
      status: s.status,
      topics: s.interests.map((interest) => interest.label),
      likedPapers: s.liked.length,
      liked: s.liked.map((paper) => (paper.arxivId ? `[${paper.arxivId}] ${paper.title}` : paper.title)),
      more: s.ratings.flatMap((rating) => (rating.verdict === 'more' ? [portableRef(rating.paper)] : [])),
      less: s.ratings.flatMap((rating) => (rating.verdict === 'less' ? [portableRef(rating.paper)] : [])),
      ...(sent ? { sent: sent.get(s.id) ?? [] } : {}),
      ...(lastEditions ? { lastEdition: lastEditions.get(s.id) ?? null, linkKey: s.linkKey } : {}),
      frequency: s.frequency,
      sendHour: s.sendHour,
      sendWeekday: s.sendWeekday,
      timeZone: s.timeZone,
      digestSize: s.digestSize,
      createdAt: s.createdAt,
      confirmedAt: s.confirmedAt,
      suspension: s.status === 'suspended' ? (suspensions.get(s.id) ?? { at: s.createdAt, reason: 'no record of why' }) : null,
    }));
  }
}

/** What each of these subscribers was sent, oldest first, as another database finds it (portableRef). */
async function sentPapersOf(prisma: PrismaClient, ids: number[]): Promise<Map<number, string[]>> {
  const rows = await prisma.sentPaper.findMany({
    where: { subscriberId: { in: ids } },
    select: { subscriberId: true, paper: { select: { arxivId: true, title: true } } },
    orderBy: [{ subscriberId: 'asc' }, { at: 'asc' }, { paperId: 'asc' }],
  });
  const sent = new Map<number, string[]>();
  for (const row of rows) {
    const list = sent.get(row.subscriberId) ?? [];
    if (list.length === 0) sent.set(row.subscriberId, list);
    list.push(portableRef(row.paper));
  }
  return sent;
}

/** The latest suspension of each subscriber, with the server's last refusal when a bounce caused it. */
async function suspensionsOf(prisma: PrismaClient, ids: number[]): Promise<Map<number, { at: Date; reason: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await prisma.$queryRaw<Array<{ subscriberId: number; at: Date; source: string; bounces: number | null; refusal: string | null; carried: string | null }>>`
    SELECT DISTINCT ON (ev."subscriberId") ev."subscriberId", ev.at, ev.source, (ev.detail->>'hardBounces')::int AS bounces, ev.detail->>'importedReason' AS carried,
           (SELECT coalesce(d."lastError", d."smtpResponse") FROM "Delivery" d
             WHERE d."subscriberId" = ev."subscriberId" AND d.status = 'bounced' ORDER BY d.id DESC LIMIT 1) AS refusal
    FROM "SubscriptionEvent" ev
    WHERE ev."subscriberId" = ANY(${ids}::int[]) AND ev.type = 'suspended'
    ORDER BY ev."subscriberId", ev.at DESC`;
  return new Map(
    rows.map((row) => {
      // Suspended where an imported list came from: the reason that list gave.
      if (row.carried) return [row.subscriberId, { at: row.at, reason: row.carried }];
      const bounces = row.bounces === null ? 'repeated hard bounces' : plural(row.bounces, 'hard bounce');
      const cause = row.source === 'bounce' ? `after ${bounces}` : `by ${row.source}`;
      return [row.subscriberId, { at: row.at, reason: row.refusal ? `${cause}; last refusal: ${row.refusal}` : cause }];
    }),
  );
}
