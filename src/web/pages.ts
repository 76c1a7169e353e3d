// Server-rendered pages: Handlebars templates in ./views, compiled once at startup. Handlebars
// escapes every {{value}}; the templates never use triple braces, so no user string reaches the
// HTML unescaped. Files starting with "_" are partials ({{> layout}}, {{> schedule-fields}}).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyReply } from 'fastify';
import Handlebars from 'handlebars';

export const VIEWS_DIR = path.join(import.meta.dirname, 'views');

export const PAGE_NAMES = [
  'subscribe',
  'check-inbox',
  'confirm',
  'confirmed',
  'preferences',
  'inactive',
  'unsubscribe',
  'unsubscribed',
  'error',
  'admin',
  'feedback',
] as const;
export type PageName = (typeof PAGE_NAMES)[number];

export interface Pages {
  html(name: PageName, model: object): string;
}

export async function loadPages(dir: string = VIEWS_DIR): Promise<Pages> {
  // A private instance, so helpers or partials registered elsewhere cannot change these pages.
  const hbs = Handlebars.create();
  const files = (await readdir(dir)).filter((file) => file.endsWith('.hbs'));
  const templates = new Map<string, Handlebars.TemplateDelegate>();
  for (const file of files) {
    const source = await readFile(path.join(dir, file), 'utf8');
    const name = file.slice(0, -'.hbs'.length);
    if (name.startsWith('_')) hbs.registerPartial(name.slice(1), source);
    else templates.set(name, hbs.compile(source));
  }
  for (const name of PAGE_NAMES) {
    const template = templates.get(name);
    if (!template) throw new Error(`Page template ${name}.hbs is missing from ${dir}`);
    // Compile now, so a broken template stops the server at startup rather than on first view.
    template({});
  }
  return {
    html(name, model) {
      return templates.get(name)!(model);
    },
  };
}

/** Sends a page with the CSP nonces the layout needs; pages are personal, so never cached. */
export function sendPage(reply: FastifyReply, pages: Pages, name: PageName, model: object, status = 200): FastifyReply {
  const nonce = reply.cspNonce ?? null;
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(pages.html(name, { ...model, nonce }));
}
