// The preferences page's feedback section: what the reader rated (with undo) and the papers they
// like (add, remove). Its forms post to /preferences/:token/feedback, so the main preferences form
// stays as it is; each change redirects back to the preferences page with a notice.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { PrismaClient } from '../../db/index.js';
import { UserError } from '../../shared/errors.js';
import { changeFeedback, listLikedPapers, listRatings } from '../../subscriptions/index.js';
import { perIp, type WebContext } from '../context.js';
import { wantsJson } from '../negotiate.js';
import { MAX_LIKED_TEXT } from '../form-fields.js';
import { csrfUnlessJson } from '../security.js';
import { subscriberFromLink } from './link-problem.js';


export const likedTextField = z.string().max(MAX_LIKED_TEXT, `is longer than ${MAX_LIKED_TEXT} characters`);

const bodySchema = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('undo-rating'), paperId: z.coerce.number().int().positive() }),
    z.object({ action: z.literal('remove-liked'), likedId: z.coerce.number().int().positive() }),
    z.object({ action: z.literal('add-liked'), liked: likedTextField }),
  ],
  { error: 'action must be undo-rating, remove-liked or add-liked' },
);

export const FEEDBACK_NOTICES: Record<string, string> = {
  'rating-undone': 'Undone: that paper no longer counts.',
  'liked-added': 'Added to the papers you like.',
  'liked-removed': 'Removed from the papers you like.',
  'liked-unchanged': 'Those papers were already on your list.',
};

/** What the preferences page shows about a reader's feedback. */
export async function feedbackModel(prisma: PrismaClient, subscriberId: number) {
  const [ratings, liked] = await Promise.all([listRatings(prisma, subscriberId), listLikedPapers(prisma, subscriberId)]);
  return {
    ratings: ratings.map((rating) => ({ ...rating, more: rating.verdict === 'more' })),
    liked,
    maxLikedText: MAX_LIKED_TEXT,
  };
}

export function registerReaderFeedbackRoutes(ctx: WebContext): void {
  const { server, app } = ctx;
  server.post(
    '/preferences/:token/feedback',
    { config: perIp(ctx.options.linksPerIp), preValidation: csrfUnlessJson(server) },
    async (request: FastifyRequest<{ Params: { token: string } }>, reply) => {
      const subscriber = await subscriberFromLink(ctx, request.params.token, 'manage');
      const parsed = bodySchema.safeParse(request.body ?? {});
      if (!parsed.success) throw new UserError(`Papers you like: ${parsed.error.issues[0]?.message ?? 'invalid request'}.`, 400, 'invalid_feedback');
      const done = await changeFeedback(ctx.subscriptions, subscriber.id, parsed.data, 'web');
      if (wantsJson(request)) return reply.send({ result: done, ...(await feedbackModel(app.prisma, subscriber.id)) });
      return reply.redirect(`/preferences/${encodeURIComponent(request.params.token)}?done=${done}`, 303);
    },
  );
}
