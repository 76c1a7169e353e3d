import type { Command } from 'commander';
import { z } from 'zod';
import type { PaperLinks } from '../../digest/index.js';
import { BOOST, likeWords, NEW_WINDOW_DAYS, splitTopicList, wordsBeyondTopic, type MatchReason, type PreviewPaper as Previewed, type RankedPaper } from '../../matching/index.js';
import type { SubscriberStatus } from '../../db/index.js';
import { UserError } from '../../shared/errors.js';
import { emailField, MAX_TOPICS, optionalTopicListField, subscriberKey } from '../../subscriptions/index.js';
import { type Action, type CliContext } from '../context.js';
import { hangingLines, printJson, printLines } from '../output.js';
import { collect } from '../flags.js';
import { parseArgs } from '../validate.js';
import { plural, quotedAlternatives } from '../../shared/wording.js';

// Either topics (what a new subscriber would get) or a subscriber's address (their next digest).
const argsSchema = z
  .object({
    topic: optionalTopicListField,
    email: emailField.optional(),
    limit: z.coerce.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').optional(),
    json: z.boolean().default(false),
  })
  .refine((args) => (args.topic.length > 0) !== (args.email !== undefined), { message: 'give either --topic (one or more) or --email, not both', path: ['topic'] });

export function registerPreview(program: Command, ctx: CliContext, run: (action: Action) => void) {
  program
    .command('preview')
    .description('show the papers a new subscriber with these topics would get today, ranked, with scores and reasons')
    .option('-t, --topic <text>', 'a topic: a catalogue name or free text (repeat for several)', collect)
    .option('--email <address>', "a subscriber: their next digest as of now (their topics, liked papers and marks; never a paper already sent or rated)")
    .option('--limit <n>', 'how many papers (1-100; default: with --email their digest size, else 10)')
    .option('--json', 'print [{id, title, score, reasons, upvotes, authors, authorCount, publishedAt, links: {abs, pdf, hf, code, search}}] in rank order')
    .action((options: { topic?: string[]; email?: string; limit?: string; json?: boolean }) =>
      run(async () => {
        const args = parseArgs(
          argsSchema,
          { topic: options.topic ?? [], email: options.email, limit: options.limit, json: options.json },
          { topic: ['--topic', (value) => topicProblem(value as string[], options.email)], 'topic.*': '--topic', limit: ['--limit', 'must be 1–100'] },
        );
        const [{ previewFor }, { paperLinks }] = await Promise.all([import('../../matching/index.js'), import('../../digest/index.js')]);
        const app = await ctx.openApp();
        try {
          const who = args.email ?? args.topic.join(', ');
          const target = args.email !== undefined ? { emailKey: subscriberKey(args.email) } : { topics: args.topic };
          const preview = await previewFor(app.prisma, target, { now: app.clock.now(), limit: args.limit });
          if (!preview) throw new UserError(`--email: ${args.email} is not a subscriber.`);
          // Ranked as if they were active, which alone read as the digest they are about to get.
          if (preview.status && preview.status !== 'active') process.stderr.write(`paperboy: ${noDigestNow(args.email!, preview.status)}\n`);
          const describe = (previewed: Previewed[]) => previewed.map((item) => describePaper(item, paperLinks(item.paper)));
          const papers = describe(preview.papers);
          if (args.json) return printJson(papers);
          if (papers.length === 0) {
            // Within 80 columns, as the ranking is.
            return printLines(
              ...hangingLines(
                '',
                args.email
                  ? `Nothing new for ${who}: no paper first seen in the last ${NEW_WINDOW_DAYS} days that they were not sent or rated matches. A digest sent now would be skipped.`
                  : `No new paper matches ${who}: nothing first seen in the last ${NEW_WINDOW_DAYS} days does. A subscriber with these topics would get no digest now.`,
              ),
              ...whyNothing(preview).flatMap((line) => hangingLines('', line)),
            );
          }
          // "as of now", not "today's": a weekly reader's digest is not today's, nor a daily reader's before its hour.
          printLines(`Ranking as of now for ${who} (papers first seen in the last ${NEW_WINDOW_DAYS} days):`, '');
          papers.forEach((paper, i) => printLines(...paperLines(paper, preview.papers[i]!.ranked, i)));
          const trending = describe(preview.trending);
          if (trending.length > 0) {
            printLines('Trending outside these topics:');
            for (const paper of trending) printLines(`  - ${paper.title} (${paper.reasons[0]?.words.join(', ')})`);
          }
        } finally {
          await app.close();
        }
      }),
    );
}

/**
 * For topics that find nothing: the words of each that no paper of the window uses, and a respelling
 * that finds papers where there is one ("difusion" → "diffusion").
 */
function whyNothing(preview: { respellings: Array<{ topic: string; suggestion: string }>; unused: Array<{ topic: string; words: string[] }> }): string[] {
  const unusedIn = new Map(preview.unused.map(({ topic, words }) => [topic, words]));
  const respelt = new Set(preview.respellings.map(({ topic }) => topic));
  return [
    ...preview.respellings.map(({ topic, suggestion }) => {
      const words = unusedIn.get(topic);
      return `Did you mean "${suggestion}"? No paper uses ${words ? quotedAlternatives(words) : `some words of "${topic}"`}; "${suggestion}" finds papers.`;
    }),
    ...preview.unused
      .filter(({ topic }) => !respelt.has(topic))
      .map(({ topic, words }) => `"${topic}": no paper of the last ${NEW_WINDOW_DAYS} days uses ${quotedAlternatives(words)}. The papers may say it in other words: try them with --topic.`),
  ];
}

/** Why a subscriber who is not active gets none of what preview --email ranks, in feedback's status words. */
function noDigestNow(email: string, status: Exclude<SubscriberStatus, 'active'>): string {
  switch (status) {
    case 'pending':
      return `${email} has not confirmed yet: they get no digest until they do; this is what their next one would hold.`;
    case 'paused':
      return `${email} is paused: they get no digest until they resume; this is what their next one would hold.`;
    case 'unsubscribed':
      return `${email} is unsubscribed: they get no digest; this is what one would hold if they subscribed again.`;
    case 'suspended':
      return `${email} is suspended (mail to the address bounced): they get no digest; this is what one would hold if their digests started again.`;
  }
}

interface PreviewPaper {
  /** What `paperboy feedback --more/--less` takes. */
  id: number;
  title: string;
  score: number;
  reasons: RankedPaper['reasons'];
  upvotes: number;
  /** Names as the source gave them ([] when it gave only a count). */
  authors: string[];
  authorCount: number | null;
  publishedAt: string | null;
  /** abs, pdf, hf (null without an arXiv id), code, and search (only without an arXiv id). */
  links: PaperLinks;
}

function describePaper({ ranked, paper }: Previewed, links: PaperLinks): PreviewPaper {
  return {
    id: paper.id,
    title: paper.title,
    score: Number(ranked.score.toFixed(4)),
    reasons: ranked.reasons,
    upvotes: paper.upvotes,
    authors: paper.authors,
    authorCount: paper.authorCount ?? (paper.authors.length || null),
    publishedAt: paper.publishedAt ? paper.publishedAt.toISOString().slice(0, 10) : null,
    links,
  };
}

/** " (latent diffusion, denoising)", or nothing when the paper's words are only the topic's own. */
function quoted(reason: MatchReason): string {
  const words = wordsBeyondTopic(reason.topic, reason.words, reason);
  return words.length > 0 ? ` (${words.join(', ')})` : '';
}

function paperLines(paper: PreviewPaper, ranked: RankedPaper, index: number): string[] {
  const facts = [
    `score ${paper.score.toFixed(3)} = relevance ${ranked.parts.relevance.toFixed(2)}${ranked.parts.feedback !== undefined ? ` (feedback ${ranked.parts.feedback >= 0 ? '+' : ''}${ranked.parts.feedback.toFixed(2)})` : ''} × (1 + ${BOOST.freshness} × freshness ${ranked.parts.freshness.toFixed(2)} + ${BOOST.trending} × trending ${ranked.parts.trending.toFixed(2)})`,
    `id ${paper.id}`,
    ...(paper.upvotes > 0 ? [plural(paper.upvotes, 'upvote')] : []),
    ...(paper.publishedAt ? [paper.publishedAt] : []),
    ...(ranked.older ? ['older work (a digest shows it apart, not as new)'] : []),
  ];
  const matched = paper.reasons.map((reason) => (reason.kind === 'like' ? `like "${reason.topic}" (${likeWords(reason.words, reason.shared ?? [])})` : `${reason.topic}${quoted(reason)}`)).join(' · ');
  // Within 80 columns, each part wrapped under itself; a link stays whole, so that it still opens.
  return [
    ...hangingLines(`${String(index + 1).padStart(2)}. `, paper.title),
    ...hangingLines('    ', facts.join(' · ')),
    ...hangingLines('    matched: ', matched),
    `    ${paper.links.abs ?? `search: ${paper.links.search}`}`,
    '',
  ];
}

/** What is wrong with --topic, in the words of the flags typed (the three refusals it can get). */
function topicProblem(given: string[], email: string | undefined): string {
  // Counted as the schema counts them, after splitting: `--topic ''` names no topic at all (it was
  // told "at most 20 topics").
  const topics = given.flatMap(splitTopicList);
  // preview has two ways in: say both, or a reader who came for --email would not learn of it.
  if (topics.length === 0) return 'or --email is required: give one or more topics, e.g. --topic "diffusion models", or a subscriber\'s --email';
  if (email !== undefined) return ': give either --topic (one or more) or --email, not both';
  return `: at most ${MAX_TOPICS} topics`;
}
