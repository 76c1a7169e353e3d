// The preferences page's feedback section: what the reader rated (with undo) and the papers they
// like (add, remove). Its forms post to /preferences/:token/feedback, so the main preferences form
// stays as it is; each change redirects back to the preferences page with a notice. A list of
// papers that cannot be added shows the page again, the list as typed, the problem beside it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { UserError } from '../../shared/errors.js';
import { changeFeedback, LastInterestError, LikedPapersProblem, type ManagedSubscriber } from '../../subscriptions/index.js';
import { perIp, type WebContext } from '../context.js';
import { EXPIRED_BUTTON_PROBLEM, EXPIRED_FORM_PROBLEM, FormError } from '../errors.js';
import { LIKED_BODY_LIMIT_BYTES, likedPapersProblem, likedTextField, MAX_LIKED_TEXT } from '../form-fields.js';
import { wantsJson } from '../negotiate.js';
import { csrfOrFormAgain, csrfRefused } from '../security.js';
import { formValuesFromSubscriber } from '../view-models.js';
import { feedbackModel } from './feedback-section.js';
import { subscriberFromLink } from './link-problem.js';
import { preferencesModel } from './preferences.js';

type FeedbackRequest = FastifyRequest<{ Params: { token: string } }>;

const bodySchema = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('undo-rating'), paperId: z.coerce.number().int().positive() }),
    z.object({ action: z.literal('remove-liked'), likedId: z.coerce.number().int().positive() }),
    z.object({ action: z.literal('add-liked'), liked: likedTextField }),
  ],
  { error: 'action must be undo-rating, remove-liked or add-liked' },
);

export function registerReaderFeedbackRoutes(ctx: WebContext): void {
  const { server, app } = ctx;
  server.post(
    '/preferences/:token/feedback',
    { config: perIp(ctx.options.linksPerIp), preValidation: csrfOrFormAgain(server), bodyLimit: Math.max(ctx.options.bodyLimitBytes, LIKED_BODY_LIMIT_BYTES) },
    async (request: FeedbackRequest, reply) => {
      const subscriber = await subscriberFromLink(ctx, request.params.token, 'manage');
      const body = (request.body ?? {}) as { action?: unknown; liked?: unknown };
      // An expired page changes nothing and comes back with what was typed, as the main form does:
      // the list of papers pasted in was lost on an error page whose advice, reload, failed again.
      if (csrfRefused(request)) {
        if (body.action === 'add-liked') throw await likedProblem(ctx, request, reply, subscriber, EXPIRED_FORM_PROBLEM, 403, 'form_expired');
        const model = await preferencesModel(ctx, request, reply, subscriber, formValuesFromSubscriber(subscriber));
        throw new FormError([EXPIRED_BUTTON_PROBLEM], { page: 'preferences', model }, 403, 'form_expired');
      }
      const parsed = bodySchema.safeParse(body);
      if (!parsed.success) {
        if (body.action === 'add-liked') throw await likedProblem(ctx, request, reply, subscriber, `Papers you like: ${parsed.error.issues[0]?.message ?? 'invalid request'}.`);
        // The page's own buttons always send a valid id: this form was altered or cut short.
        throw new UserError('That button sent something the preferences page never sends. Open the page again from your email and use its buttons.', 400, 'invalid_feedback');
      }
      let done;
      try {
        done = await changeFeedback(ctx.subscriptions, subscriber.id, parsed.data, 'web');
      } catch (error) {
        if (error instanceof LastInterestError) throw await likedProblem(ctx, request, reply, subscriber, `Not removed: ${error.message}.`, error.status, error.code);
        if (!(error instanceof LikedPapersProblem)) throw error;
        const typed = parsed.data.action === 'add-liked' ? parsed.data.liked : undefined;
        throw await likedProblem(ctx, request, reply, subscriber, `${likedPapersProblem(error.message, typed)} Nothing was added: correct the list and add it again.`);
      }
      if (wantsJson(request)) {
        const { ratings, liked, maxLikedText } = await feedbackModel(app.prisma, subscriber.id);
        return reply.send({ result: done, ratings, liked, maxLikedText });
      }
      // The undone paper goes along, so that the notice can name it: it has left the list it was on.
      const paper = parsed.data.action === 'undo-rating' ? `&paper=${parsed.data.paperId}` : '';
      return reply.redirect(`/preferences/${encodeURIComponent(request.params.token)}?done=${done}${paper}`, 303);
    },
  );
}

/** The preferences page again, with what the reader typed in its field and the problem beside it. */
async function likedProblem(ctx: WebContext, request: FeedbackRequest, reply: FastifyReply, subscriber: ManagedSubscriber, message: string, status?: number, code?: string) {
  const typed = (request.body as { liked?: unknown }).liked;
  const likedText = typeof typed === 'string' ? typed.slice(0, MAX_LIKED_TEXT) : '';
  const model = await preferencesModel(ctx, request, reply, subscriber, formValuesFromSubscriber(subscriber), { likedText });
  return new FormError([message], { page: 'preferences', model, field: 'liked' }, status, code);
}

