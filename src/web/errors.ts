// Every error becomes an answer here, and only here. What the user got wrong (a UserError, or a
// 4xx raised by fastify or a plugin: bad JSON, body too large, CSRF, rate limit) becomes a 4xx page
// or JSON body with a message that says what to do; anything else is logged in full and answered
// with a generic 500 that reveals nothing; the database not answering is a 503 (outageAnswer).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { describeDbError, isConnectionError } from '../db/index.js';
import { describeIssues, isUserError, UserError } from '../shared/errors.js';
import { ownEntry } from './lookup.js';
import { wantsJson } from './negotiate.js';
import { sendPage, type PageName, type Pages } from './pages.js';
import { redactUrl } from './request-log.js';

/**
 * A form that failed validation: shown again, filled in as it was sent, with the problems listed at
 * the top of the page, or beside one field (`field`) when the form is one of several on a long page.
 */
export class FormError extends UserError {
  override name = 'FormError';
  constructor(
    readonly problems: string[],
    readonly redisplay: FormRedisplay,
    status = 400,
    code = 'invalid_input',
  ) {
    super(problems.length === 1 ? problems[0]! : 'Some fields need another look.', status, code);
  }
}

/** The form to show again, with what was entered, under the problems. */
export type FormRedisplay = { page: PageName; model: object; field?: string };

/** Why a form's CSRF check failed (security.ts: csrfOrFormAgain), as every page shown again says it. */
const EXPIRED = 'this page had expired, or your browser did not send back the cookie it relies on (it may block cookies)';
/** Said above a form shown again because its CSRF check failed. */
export const EXPIRED_FORM_PROBLEM = `Nothing was saved: ${EXPIRED}. What you entered is below: check it and send it again.`;
/** The same, for a button that sends nothing typed (undo a mark, remove a liked paper). */
export const EXPIRED_BUTTON_PROBLEM = `Nothing was changed: ${EXPIRED}. Choose again below.`;
/** The same, for a More/Less like this tap. */
export const EXPIRED_TAP_PROBLEM = `Nothing was recorded: ${EXPIRED}. Tap your choice again below.`;

/** A form whose CSRF check failed, shown again with what was entered: nothing was changed (403). */
export const expiredFormError = (redisplay: FormRedisplay) => new FormError([EXPIRED_FORM_PROBLEM], redisplay, 403, 'form_expired');

/** A refusal with a page title of its own: a link that does not work, a relay that refused a mail. */
export class TitledError extends UserError {
  override name = 'TitledError';
  constructor(
    readonly title: string,
    message: string,
    status: number,
    code: string,
  ) {
    super(message, status, code);
  }
}

/** A link from an email that does not work (unknown, expired, ended, replaced): a friendly 4xx. */
export class LinkError extends TitledError {
  override name = 'LinkError';
}

interface Answer {
  status: number;
  code: string;
  title: string;
  message: string;
  problems: string[];
}

// Messages for the 4xx errors fastify and its plugins raise, written for the person who hit them.
const FRAMEWORK_MESSAGES: Record<string, [title: string, message: string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['That was too much', 'The form sent more data than any field allows. Shorten the longest entries and try again.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    'Unsupported format',
    'Send the form from the page, or JSON with the header "Content-Type: application/json".',
  ],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['Nothing was sent', 'The request said it carried JSON but its body was empty.'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['Unreadable JSON', 'The request body is not valid JSON.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['Broken request', 'The request body does not match its Content-Length.'],
  FST_ERR_BAD_URL: ['Broken link', 'This address is not a valid link. Copy the whole link from the email and try again.'],
  FST_ERR_MAX_PARAM_LENGTH: ['Broken link', 'This link is longer than any link we send. Copy the whole link from the email and try again.'],
  FST_CSRF_MISSING_SECRET: [
    'Please reload the page',
    'Your browser did not send back the cookie this form relies on (it may block cookies, or the page was open a long time). Reload the page and send the form again.',
  ],
  FST_CSRF_INVALID_TOKEN: ['Please reload the page', 'This form has expired or did not come from this site. Reload the page and send it again.'],
};

function classify(error: unknown): Answer | null {
  if (error instanceof FormError || isUserError(error)) {
    const problems = error instanceof FormError ? error.problems : [];
    const title = error instanceof TitledError ? error.title : titleFor(error.status);
    return { status: error.status, code: error.code, title, message: error.message, problems };
  }
  if (error instanceof ZodError) {
    const problems = describeIssues(error.issues);
    return { status: 400, code: 'invalid_input', title: 'Some fields need another look', message: problems.join(' '), problems };
  }
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode ?? 500;
  if (status < 400 || status >= 500) return null;
  const known = ownEntry(FRAMEWORK_MESSAGES, fastifyError.code);
  if (known) return { status, code: fastifyError.code!, title: known[0], message: known[1], problems: [] };
  if (status === 429) {
    // @fastify/rate-limit: "Rate limit exceeded, retry in 1 minute".
    const after = /retry in (.+)$/.exec(fastifyError.message ?? '')?.[1];
    return {
      status,
      code: 'rate_limited',
      title: 'Too many requests',
      message: tooManyFromHere(after),
      problems: [],
    };
  }
  // JSON syntax errors and other parser complaints carry a 400 with a technical message.
  return { status, code: fastifyError.code ?? 'bad_request', title: titleFor(status), message: 'The request could not be understood.', problems: [] };
}

/** Said when a client IP's budget is spent, by the route limits and by subscribe's own (subscribe-limits.ts) alike. */
export const tooManyFromHere = (wait?: string) => `Too many requests from here. Please wait${wait ? ` ${wait}` : ' a while'} and try again.`;

function titleFor(status: number): string {
  if (status === 404) return 'Not found';
  if (status === 410) return 'This link has expired';
  if (status === 409) return 'That is not possible right now';
  if (status === 429) return 'Too many requests';
  return 'Something needs fixing';
}

/**
 * The database not answering is an outage, not a bug: 503 with Retry-After, as /healthz says,
 * logged in one line. The operator's /admin names it; a reader is told to come back, nothing more.
 */
function outageAnswer(error: unknown, request: FastifyRequest): Answer | null {
  if (!isConnectionError(error)) return null;
  request.log.error({ url: redactUrl(request.url), reason: describeDbError(error) }, 'request failed: the database is not answering');
  const admin = request.url.split('?')[0] === '/admin';
  return {
    status: 503,
    code: 'database_unavailable',
    title: admin ? 'The database is not answering' : 'Paperboy is unavailable for a moment',
    message: admin
      ? `The database did not answer (${describeDbError(error)}). /healthz answers 503 meanwhile; reload this page once the database is back.`
      : 'Paperboy cannot reach its storage just now. Nothing you did caused it; please try again in a few minutes.',
    problems: [],
  };
}

export function answerError(error: unknown, request: FastifyRequest, reply: FastifyReply, pages: Pages): FastifyReply {
  const outage = outageAnswer(error, request);
  if (outage) return respond(request, reply.header('retry-after', '30'), pages, outage);
  const answer = classify(error);
  if (!answer) {
    // The one place unexpected errors are logged, with their stack; the URL is redacted.
    request.log.error({ err: error, url: redactUrl(request.url), method: request.method }, 'request failed');
    return respond(request, reply, pages, {
      status: 500,
      code: 'internal_error',
      title: 'Something went wrong on our side',
      message: 'Sorry, this did not work. Nothing you did caused it. Please try again in a few minutes.',
      problems: [],
    });
  }
  request.log.info({ status: answer.status, code: answer.code }, 'request refused');
  if (error instanceof FormError && !wantsJson(request)) {
    const { page, model, field } = error.redisplay;
    const placed = field === undefined ? { problems: error.problems } : { fieldProblems: { [field]: error.problems } };
    return sendPage(reply, pages, page, { ...model, ...placed }, answer.status);
  }
  return respond(request, reply, pages, answer);
}

function respond(request: FastifyRequest, reply: FastifyReply, pages: Pages, answer: Answer): FastifyReply {
  if (wantsJson(request)) {
    return reply
      .code(answer.status)
      .header('cache-control', 'no-store')
      .send({ error: { code: answer.code, message: answer.message, ...(answer.problems.length > 0 ? { problems: answer.problems } : {}) } });
  }
  return sendPage(reply, pages, 'error', answer, answer.status);
}

export function installErrorHandling(server: FastifyInstance, pages: Pages): void {
  server.setErrorHandler((error, request, reply) => answerError(error, request, reply, pages));
  server.setNotFoundHandler((request, reply) =>
    respond(request, reply, pages, {
      status: 404,
      code: 'not_found',
      title: 'Page not found',
      message: 'There is nothing at this address. If you followed a link from an email, make sure you copied all of it.',
      problems: [],
    }),
  );
}
