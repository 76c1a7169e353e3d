// POST /subscribe: double opt-in, first half. Every address gets the same answer ("check your
// inbox"), the same work (one email) and the same time, whether it is new, pending or already
// subscribed: the email goes through the app's mail queue, and the answer leaves at a fixed time
// from the request's start (options.subscribeAnswerMs), so neither its body nor its timing tells
// who subscribes.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyRequest } from 'fastify';
import { CONFIRM_TTL_HOURS, LikedPapersProblem, subscribe } from '../../subscriptions/index.js';
import { perIp, type WebContext } from '../context.js';
import { isUserError } from '../../shared/errors.js';
import { expiredFormError, FormError } from '../errors.js';
import { InputProblems, LIKED_BODY_LIMIT_BYTES, likedPapersProblem, parseSubscribeBody } from '../form-fields.js';
import { wantsJson } from '../negotiate.js';
import { sendPage } from '../pages.js';
import { logRelayRefusal, relayRefusal, relayRefusalError } from '../relay-refusal.js';
import { csrfOrFormAgain, csrfRefused } from '../security.js';
import { defaultFormValues, formValuesFromBody } from '../view-models.js';
import { subscribeModel } from './home.js';
import { subscribeLimits } from './subscribe-limits.js';

const LATE = Symbol('late');

export function registerSubscribeRoutes(ctx: WebContext): void {
  const { server, app, options } = ctx;
  const limits = subscribeLimits(server, options);

  /** Hands the email off; waits for it until the answer is due, then pads to exactly that time. */
  async function mailBy(answerAt: number, request: FastifyRequest, to: string, send: () => Promise<void>): Promise<void> {
    const mailed = app.mailQueue.push(send).then(() => null, (error: unknown) => error);
    const early = await Promise.race([mailed, sleep(Math.max(0, answerAt - performance.now())).then(() => LATE)]);
    await sleep(Math.max(0, answerAt - performance.now()));
    const overMs = performance.now() - answerAt;
    if (overMs > 50) request.log.warn({ overMs: Math.round(overMs) }, 'subscribe answered after its fixed time; if this is common, raise subscribeAnswerMs');
    if (early === LATE) {
      // Answered already: what happens to the email is only logged.
      void mailed.then((error) => {
        if (error === null) return;
        if (relayRefusal(error)) logRelayRefusal(request.log, error, to);
        else request.log.error({ err: error }, 'subscribe email not sent');
      });
      return;
    }
    if (early === null) return;
    const refusal = relayRefusal(early);
    if (!refusal) throw early;
    logRelayRefusal(request.log, early, to);
    throw relayRefusalError(refusal);
  }

  server.post(
    '/subscribe',
    // The budgets of emails (subscribeLimits) count valid submissions only; this bounds every request.
    { config: perIp(options.formsPerIp), preValidation: csrfOrFormAgain(server), bodyLimit: Math.max(options.bodyLimitBytes, LIKED_BODY_LIMIT_BYTES) },
    async (request, reply) => {
      // The form again, with what was sent.
      const formAgain = async () => ({ page: 'subscribe' as const, model: await subscribeModel(ctx, reply, formValuesFromBody(request.body, defaultFormValues(app.config.defaultTimeZone)), false) });
      if (csrfRefused(request)) throw expiredFormError(await formAgain());
      const answerAt = performance.now() + options.subscribeAnswerMs;
      let input;
      try {
        input = parseSubscribeBody(request.body);
      } catch (error) {
        if (!(error instanceof InputProblems)) throw error;
        throw new FormError(error.problems, await formAgain());
      }
      // A spent budget shows the form again under the wait, with what was typed: the bare 429 page
      // lost a long list of liked papers, to be typed again an hour later.
      const keepingForm = async (error: unknown) => (isUserError(error) && error.status === 429 ? new FormError([error.message], await formAgain(), 429, error.code) : error);
      // Only now, valid: a form shown again for what was typed uses up no budget.
      try {
        await limits.fromIp(request, reply);
      } catch (error) {
        throw await keepingForm(error);
      }

      let receipt;
      try {
        receipt = await subscribe(ctx.subscriptions, input, 'web', { beforeChanges: () => limits.toAddress(request, reply) });
      } catch (error) {
        if (!(error instanceof LikedPapersProblem)) throw await keepingForm(error);
        // Said above the form and again beside the field, at the foot of a long form: on a phone
        // the summary is a long scroll away from the list to correct.
        const problem = likedPapersProblem(error.message, input.likedPapers);
        const again = await formAgain();
        throw new FormError([`Papers you like: ${problem}`], { ...again, model: { ...again.model, likedProblem: problem } });
      }
      await mailBy(answerAt, request, input.email, receipt.notify);

      if (wantsJson(request)) {
        return reply.code(202).send({ ok: true, message: 'Check your inbox: we sent an email to that address with what to do next.' });
      }
      return sendPage(reply, ctx.pages, 'check-inbox', { title: 'Check your inbox', email: input.email, expiresInDays: CONFIRM_TTL_HOURS / 24 }, 200);
    },
  );
}
