// A subscribe request for an address that has choices of its own already (unsubscribed or
// suspended). Anyone can type any address on the home page, so the request changes nothing of the
// subscriber: not their topics, schedule, time zone or liked papers, not their status, not their
// link key (the goodbye email's resubscribe link keeps working). It is held apart, bound to a key
// of its own that its confirmation link is signed with; only a click on that link applies it.
import { z } from 'zod';
import type { Prisma } from '../db/index.js';
import type { LikedPaperInput } from './liked-papers.js';
import { newLinkKey, rotatedKeyFields } from './link-keys.js';
import type { ResolvedInterest } from './topics.js';

type Tx = Prisma.TransactionClient;

/** The schedule and size fields of a subscriber, as a request gives them. */
export interface RequestedFields {
  frequency: 'daily' | 'weekly';
  sendHour: number;
  sendWeekday: number;
  timeZone: string;
  digestSize: number;
}

export interface HeldChoices {
  interests: ResolvedInterest[];
  fields: RequestedFields;
  liked: LikedPaperInput[];
}

// Read back from JSON: checked, so that a row written by an older version fails loudly, not oddly.
const choicesSchema = z.object({
  interests: z.array(z.object({ topicSlug: z.string().nullable(), label: z.string() })),
  fields: z.object({
    frequency: z.enum(['daily', 'weekly']),
    sendHour: z.number().int(),
    sendWeekday: z.number().int(),
    timeZone: z.string(),
    digestSize: z.number().int(),
  }),
  liked: z.array(z.object({ paperId: z.number().int().nullable(), arxivId: z.string().nullable(), title: z.string(), abstract: z.string() })),
});

/** Holds a request (replacing any held before, whose confirmation link its new key revokes). */
export async function holdRequest(tx: Tx, subscriberId: number, choices: HeldChoices, now: Date): Promise<void> {
  const data = { key: newLinkKey(), choices: choices as unknown as Prisma.InputJsonValue, createdAt: now };
  await tx.heldRequest.upsert({ where: { subscriberId }, create: { subscriberId, ...data }, update: data });
}

/** The request held for a subscriber, with the key its confirmation link is to be bound to. */
export async function findHeldRequest(tx: Tx, subscriberId: number): Promise<{ key: string; choices: HeldChoices } | null> {
  const row = await tx.heldRequest.findUnique({ where: { subscriberId } });
  return row ? { key: row.key, choices: choicesSchema.parse(row.choices) } : null;
}

export type HeldConfirmation =
  | { kind: 'applied'; subscriberId: number; previousStatus: string }
  /** The subscriber is active again by other means (their resubscribe link): nothing is applied. */
  | { kind: 'already-active'; subscriberId: number }
  /** Applied by a click a moment before this one. */
  | { kind: 'taken'; subscriberId: number }
  | { kind: 'none' };

/**
 * Confirms the request a confirmation link's key names: its choices become the subscriber's, and
 * its key their link key (so the links mailed before, goodbye included, are revoked, and this
 * confirmation link then finds an active subscriber: "already confirmed"). Topics, schedule and
 * size are replaced; liked papers only when the request named some (an empty field asks for no
 * change). Run in the caller's transaction; taking the row first makes two clicks apply it once.
 */
export async function confirmHeldRequest(tx: Tx, key: string, now: Date): Promise<HeldConfirmation> {
  const row = await tx.heldRequest.findUnique({ where: { key }, include: { subscriber: { select: { id: true, status: true } } } });
  if (!row) return { kind: 'none' };
  const { id, status } = row.subscriber;
  const { count } = await tx.heldRequest.deleteMany({ where: { key } });
  if (count === 0) return { kind: 'taken', subscriberId: id };
  // Came back through the goodbye email's link meanwhile: a click on this older request (or a mail
  // scanner's) must not rewrite what an active reader has.
  if (status === 'active' || status === 'paused') return { kind: 'already-active', subscriberId: id };
  const choices = choicesSchema.parse(row.choices);
  await tx.subscriber.update({
    where: { id },
    data: { ...choices.fields, status: 'active', confirmedAt: now, unsubscribedAt: null, hardBounces: 0, ...(await rotatedKeyFields(tx, id)), linkKey: key },
  });
  await tx.interest.deleteMany({ where: { subscriberId: id } });
  await tx.interest.createMany({ data: choices.interests.map((interest) => ({ ...interest, subscriberId: id })) });
  if (choices.liked.length > 0) {
    // A paper may have left the corpus since the request: its text is kept, its link dropped.
    const ids = choices.liked.flatMap((paper) => (paper.paperId === null ? [] : [paper.paperId]));
    const present = new Set((await tx.paper.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((paper) => paper.id));
    await tx.likedPaper.deleteMany({ where: { subscriberId: id } });
    await tx.likedPaper.createMany({
      data: choices.liked.map((paper) => ({ ...paper, paperId: paper.paperId !== null && present.has(paper.paperId) ? paper.paperId : null, subscriberId: id, createdAt: now })),
    });
  }
  return { kind: 'applied', subscriberId: id, previousStatus: status };
}
