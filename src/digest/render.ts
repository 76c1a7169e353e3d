// The email renderer. MJML is slow (tens of milliseconds a document), so each template goes through
// MJML once, at creation, with its Handlebars placeholders left in; every email after that is a
// synchronous Handlebars call on the compiled HTML, which escapes every value it inserts.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { Worker } from 'node:worker_threads';
import type { DigestView, RenderedEmail } from './types.js';
import {
  confirmationModel,
  FULL,
  SMALLER_DETAIL,
  digestModel,
  goodbyeModel,
  welcomeModel,
  type ConfirmationInput,
  type GoodbyeInput,
  type WelcomeInput,
} from './render-model.js';
import { cleanText } from './format.js';

export type { ConfirmationInput, GoodbyeInput, WelcomeInput } from './render-model.js';

export interface Renderer {
  digest(view: DigestView): RenderedEmail;
  confirmation(v: ConfirmationInput): RenderedEmail;
  welcome(v: WelcomeInput): RenderedEmail;
  goodbye(v: GoodbyeInput): RenderedEmail;
}

export const EMAIL_NAMES = ['digest', 'confirmation', 'welcome', 'goodbye'] as const;
export type EmailName = (typeof EMAIL_NAMES)[number];

/** MJML's options for one template file (the render benchmark's naive baseline uses them too). */
export function mjmlOptions(filePath: string) {
  return {
    filePath,
    // MJML 5 ignores mj-include unless told otherwise; ours only reach files beside the template.
    ignoreIncludes: false,
    validationLevel: 'strict' as const,
    // MJML adds Google Fonts links for some family names by default; we want no remote fonts.
    fonts: {},
    keepComments: false,
    // Whitespace collapsing alone saves about a third of the size; CSS minifying needs cssnano.
    minify: true,
    minifyOptions: { minifyCss: false },
  };
}

/** What MJML made of a template: its HTML, or the messages that explain why not. */
type MjmlOutcome = { html: string; errors: string[] } | { thrown: string[] };

function htmlOf(outcome: MjmlOutcome, filePath: string): string {
  if ('thrown' in outcome) throw new Error(`MJML template ${filePath} is invalid: ${outcome.thrown.join('; ')}`);
  // Include failures are reported as errors rather than thrown, even in strict mode.
  if (outcome.errors.length > 0) throw new Error(`MJML template ${filePath}: ${outcome.errors.join('; ')}`);
  return outcome.html;
}

export interface TemplateSource {
  source: string;
  filePath: string;
}

/**
 * The MJML thread's heap: compiling the bundled templates needs 33–40 MB. Left unbounded, V8 lets
 * the thread's garbage grow past 100 MB, and that was a send run's peak memory.
 */
const MJML_THREAD_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 4 };

/**
 * Runs MJML on every template in a short-lived thread. MJML is needed only here, at start-up, yet
 * loading it costs a process some 50 MB for its whole life; in a thread that ends when the
 * templates are compiled, that memory goes back.
 */
export async function compileTemplates(templates: TemplateSource[]): Promise<string[]> {
  const jobs = templates.map((t) => ({ source: t.source, options: mjmlOptions(t.filePath) }));
  const worker = new Worker(new URL('./mjml-thread.mjs', import.meta.url), { workerData: { jobs }, resourceLimits: MJML_THREAD_LIMITS });
  try {
    const outcomes = await new Promise<MjmlOutcome[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', (error: Error & { code?: string }) =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new Error(`compiling the MJML templates needs more than the ${MJML_THREAD_LIMITS.maxOldGenerationSizeMb} MB the thread may use (MJML_THREAD_LIMITS in src/digest/render.ts)`)
            : error,
        ),
      );
      worker.once('exit', (code) => reject(new Error(`the MJML thread exited (${code}) before compiling the templates`)));
    });
    return outcomes.map((outcome, i) => htmlOf(outcome, templates[i]!.filePath));
  } finally {
    await worker.terminate();
  }
}

const wrapLines = new Map<number, RegExp>();

/** Word-wraps a paragraph for the plain-text part, indenting every line. */
function wrap(text: string, indent: number, width = 72): string {
  const pad = ' '.repeat(indent);
  const room = Math.max(width - indent, 20);
  let line = wrapLines.get(room);
  if (!line) {
    // Greedy: up to `room` characters then a space or the end; a longer word gets a line of its own.
    line = new RegExp(`(.{1,${room}})(?: |$)|(\\S+)(?: |$)`, 'g');
    wrapLines.set(room, line);
  }
  return text.replace(line, (_, fits: string | undefined, long: string | undefined) => `${pad}${fits ?? long}\n`).trimEnd();
}

/**
 * Each " · "-separated part of a line kept whole in HTML (no-break spaces): at 390 px the trending
 * evidence broke as "last listed 2 / Dec 2026" and "140 / upvotes". The line still wraps between parts.
 */
function unbroken(text: string): string {
  return text
    .split(' · ')
    .map((part) => part.replace(/ /g, '\u00a0'))
    .join(' · ');
}

/** The helpers the email templates call, on a Handlebars instance (bench/render.ts fills MJML with them too). */
export function registerEmailHelpers(hbs: typeof Handlebars): typeof Handlebars {
  hbs.registerHelper('wrap', (text: unknown, indent: unknown) => wrap(String(text), Number(indent) || 0));
  hbs.registerHelper('unbroken', (text: unknown) => unbroken(String(text)));
  return hbs;
}

/** Blank lines left by empty optional fields collapse to one. */
function tidyText(text: string): string {
  return `${text.replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

/** Bytes of HTML an email may have. */
export const HTML_BUDGET = 100_000;

function fitsBudget(html: string): boolean {
  // A UTF-16 code unit is at most 3 bytes of UTF-8: most digests need no byte count at all.
  return html.length * 3 <= HTML_BUDGET || Buffer.byteLength(html) <= HTML_BUDGET;
}

type Compiled = { html: Handlebars.TemplateDelegate; text: Handlebars.TemplateDelegate };

export interface RendererOptions {
  templatesDir: string;
  /** Turns MJML into HTML, all templates at once (default: compileTemplates, in a thread). */
  compile?: (templates: TemplateSource[]) => Promise<string[]>;
}

export async function createRenderer(options: RendererOptions): Promise<Renderer> {
  // A private Handlebars instance: helpers registered elsewhere cannot change our output.
  const hbs = registerEmailHelpers(Handlebars.create());

  const sources = await Promise.all(
    EMAIL_NAMES.map(async (name) => {
      const mjmlPath = path.join(options.templatesDir, `${name}.mjml`);
      const textPath = path.join(options.templatesDir, `${name}.txt.hbs`);
      const [mjmlSource, textSource] = await Promise.all([readFile(mjmlPath, 'utf8'), readFile(textPath, 'utf8')]);
      return { name, mjml: { source: mjmlSource, filePath: mjmlPath }, text: textSource };
    }),
  );
  const htmls = await (options.compile ?? compileTemplates)(sources.map((s) => s.mjml));
  // knownHelpersOnly: data can never name a helper, and helpers are called without a lookup.
  // data: false skips @index/@first frames (the model says where separators go). Both save
  // time on every render, as does leaving strict mode off (the golden tests catch a misspelt field).
  const compile = (source: string, noEscape: boolean) => {
    const template = hbs.compile(source, { knownHelpers: { wrap: true, unbroken: true }, knownHelpersOnly: true, data: false, noEscape });
    // Handlebars compiles on first use: do it now, so a broken template fails at startup.
    template({});
    return template;
  };
  // Plain text is not HTML: no entity escaping there.
  const entries = sources.map(({ name, text }, i): [EmailName, Compiled] => [name, { html: compile(htmls[i]!, false), text: compile(text, true) }]);
  const templates = new Map(entries);

  function render(name: EmailName, model: { subject: string }): RenderedEmail {
    const t = templates.get(name);
    if (!t) throw new Error(`No template named ${name}`);
    return {
      // The subject goes into a header: one line, whatever the input was.
      subject: cleanText(model.subject),
      html: t.html(model),
      text: tidyText(t.text(model)),
    };
  }

  return {
    digest(view) {
      // Gmail clips messages past 102 KB, hiding the unsubscribe link. The largest normal digest fits;
      // feeds full of characters that need escaping may not, so those get less of each paper.
      let email = render('digest', digestModel(view, FULL));
      for (const detail of SMALLER_DETAIL) {
        if (fitsBudget(email.html)) break;
        email = render('digest', digestModel(view, detail));
      }
      return email;
    },
    confirmation: (v) => render('confirmation', confirmationModel(v)),
    welcome: (v) => render('welcome', welcomeModel(v)),
    goodbye: (v) => render('goodbye', goodbyeModel(v)),
  };
}
