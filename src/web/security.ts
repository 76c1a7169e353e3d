// Security plugins, configured in one place: headers and CSP (helmet), CSRF tokens (double-submit
// cookie), form bodies, rate limits. All maintained fastify plugins; nothing here is hand-made.
import { createHmac } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { App } from '../app.js';
import { sentJson } from './negotiate.js';

export async function registerSecurity(server: FastifyInstance, app: App): Promise<void> {
  const https = app.config.publicUrl.startsWith('https://');
  await server.register(helmet, {
    // Nonces let the pages' one <style> and one tiny <script> run while any injected one would not.
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        // Upgrading would break a plain-http install (http://localhost:3000) in some browsers.
        'upgrade-insecure-requests': https ? [] : null,
      },
    },
    // Tokens live in URLs: a page must never hand its address to the sites it links to.
    referrerPolicy: { policy: 'no-referrer' },
    hsts: https ? { maxAge: 180 * 24 * 3600 } : false,
  });
  // Signed, so that a cookie planted by a sibling subdomain cannot stand in for ours.
  await server.register(cookie, { secret: createHmac('sha256', app.config.appSecret).update('paperboy csrf cookie').digest('hex') });
  await server.register(csrf, {
    cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, signed: true, secure: https },
    // Forms send the token as a field; nothing else is accepted.
    getToken: (request: FastifyRequest) => {
      const body = request.body as { _csrf?: unknown } | undefined;
      return typeof body?._csrf === 'string' ? body._csrf : undefined;
    },
  });
  await server.register(formbody);
  // Limits are set per route (config.rateLimit); nothing is limited unless it says so.
  await server.register(rateLimit, { global: false });
}

/**
 * CSRF check for form posts (a preValidation hook: the token is in the parsed body). JSON requests
 * are exempt: a page on another site cannot send `Content-Type: application/json` without a CORS
 * preflight, which this server never grants, and any other content type is refused with 415.
 */
export function csrfUnlessJson(server: FastifyInstance) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (sentJson(request)) return done();
    server.csrfProtection(request, reply, done);
  };
}

const refusedForms = new WeakSet<FastifyRequest>();

/**
 * As csrfUnlessJson, for a form a reader fills in at length (subscribe, preferences): a failed
 * check does not end in an error page that loses what they typed. The route is called, finds
 * `csrfRefused(request)`, changes nothing and shows the form again with their entries and a fresh
 * token. (A reader whose cookie had gone lost every edit of their preferences, and the only way
 * on was "Go to the subscribe page".)
 */
export function csrfOrFormAgain(server: FastifyInstance) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (sentJson(request)) return done();
    // The plugin answers a failed check itself (reply.send of its error) instead of passing the
    // error on: it is given a reply whose send marks the request and lets it through instead.
    const passThrough = Object.create(reply, {
      send: {
        value: (error: unknown) => {
          if (!/^FST_CSRF_/.test((error as { code?: string } | undefined)?.code ?? '')) return reply.send(error);
          refusedForms.add(request);
          done();
          return reply;
        },
      },
    }) as FastifyReply;
    server.csrfProtection(request, passThrough, done);
  };
}

/** Whether csrfOrFormAgain let this request through only to show its form again. */
export const csrfRefused = (request: FastifyRequest) => refusedForms.has(request);
