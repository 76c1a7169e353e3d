// A delivery's stored content (DeliveryContent.papers, JSON): the papers it was built with, in
// rank order. Written by build.ts; every read (the store's, for the send worker and the web view)
// parses it, so that a row written by an older version or by hand is caught at the edge, not deep
// in a template.
import { z } from 'zod';
import type { ChosenPaper } from '../matching/index.js';

export type { ChosenPaper };

// `shared` ("both on sparse attention, pruning"), `partial` and `apart` must be declared: zod drops unknown keys, and the
// web view, rebuilt from this, lost what the email said a "like" rested on.
const matchReasonSchema = z.object({
  topic: z.string(),
  words: z.array(z.string()),
  kind: z.literal('like').optional(),
  shared: z.array(z.string()).optional(),
  listedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  partial: z.literal(true).optional(),
  apart: z.literal(true).optional(),
});

// Typed against ChosenPaper, so that the schema and the type the matcher's picks are stored as
// cannot drift apart.
const chosenPaperSchema: z.ZodType<ChosenPaper> = z.object({
  paperId: z.number().int().positive(),
  score: z.number(),
  reasons: z.array(matchReasonSchema),
  trending: z.boolean(),
  older: z.boolean().optional(),
});

export const storedContentSchema = z.array(chosenPaperSchema).min(1);

export class InvalidContentError extends Error {
  override name = 'InvalidContentError';
}

/** The stored papers of a delivery, or InvalidContentError saying what is wrong with them. */
export function parseStoredContent(json: unknown): ChosenPaper[] {
  const parsed = storedContentSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InvalidContentError(`stored content is not valid: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unreadable'}`);
}
