import type { Command } from 'commander';
import { z } from 'zod';
import type { PrismaClient } from '../../db/index.js';
import type { PaperLinks } from '../../digest/paper-links.js';
import type { RankedPaper } from '../../matching/index.js';
import { NEW_WINDOW_DAYS } from '../../matching/weights.js';
import { topicListField } from '../../subscriptions/topics.js';
import { type Action, type CliContext } from '../context.js';
import { printJson, printLines } from '../output.js';
import { collect, TOPIC_FLAGS } from '../flags.js';
import { parseArgs } from '../validate.js';

const argsSchema = z.object({
  topics: topicListField,
  limit: z.coerce.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').default(10),
  json: z.boolean().default(false),
});

export function registerPreview(program: Command, ctx: CliContext, run: (action: Action) => void) {
  program
    .command('preview')
    .description('show the papers a new subscriber with these topics would get today, ranked, with scores and reasons')
    .option('-t, --topic <text>', 'a topic: a catalogue name or free text (repeat for several)', collect)
    .option('--limit <n>', 'how many papers (1-100)', '10')
    .option('--json', 'print [{id, title, score, reasons, upvotes, authors, authorCount, publishedAt, links: {abs, pdf, hf, code, search}}] in rank order')
    .action((options: { topic?: string[]; limit?: string; json?: boolean }) =>
      run(async () => {
        const args = parseArgs(argsSchema, { topics: options.topic ?? [], limit: options.limit, json: options.json }, { ...TOPIC_FLAGS, limit: ['--limit', 'must be 1–100'] });
        const { createMatcher } = await import('../../matching/index.js');
        const app = await ctx.openApp();
        try {
          const now = app.clock.now();
          const pick = await createMatcher(app.prisma, { now }).rank(args.topics, args.limit);
          const papers = await describe(app.prisma, pick.papers);
          if (args.json) return printJson(papers);
          if (papers.length === 0) {
            return printLines(`No new paper matches ${args.topics.join(', ')}: nothing first seen in the last ${NEW_WINDOW_DAYS} days does. A subscriber with these topics would get no digest today.`);
          }
          printLines(`Today's ranking for ${args.topics.join(', ')} (papers first seen in the last ${NEW_WINDOW_DAYS} days):`, '');
          papers.forEach((paper, i) => printLines(...paperLines(paper, pick.papers[i]!, i)));
          const trending = await describe(app.prisma, pick.trending);
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

interface PreviewPaper {
  /** The paper's id, as other commands take it. */
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

async function describe(prisma: PrismaClient, ranked: RankedPaper[]): Promise<PreviewPaper[]> {
  const { paperLinks } = await import('../../digest/paper-links.js');
  const rows = await prisma.paper.findMany({ where: { id: { in: ranked.map((paper) => paper.paperId) } } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ranked.flatMap((item) => {
    const paper = byId.get(item.paperId);
    if (!paper) return [];
    return [
      {
        id: paper.id,
        title: paper.title,
        score: Number(item.score.toFixed(4)),
        reasons: item.reasons,
        upvotes: paper.upvotes,
        authors: paper.authors,
        authorCount: paper.authorCount ?? (paper.authors.length || null),
        publishedAt: paper.publishedAt ? paper.publishedAt.toISOString().slice(0, 10) : null,
        links: paperLinks(paper),
      },
    ];
  });
}

function paperLines(paper: PreviewPaper, ranked: RankedPaper, index: number): string[] {
  const facts = [
    `score ${paper.score.toFixed(3)} = relevance ${ranked.parts.relevance.toFixed(2)} × (1 + freshness ${ranked.parts.freshness.toFixed(2)}, trending ${ranked.parts.trending.toFixed(2)})`,
    ...(paper.upvotes > 0 ? [`${paper.upvotes} upvotes`] : []),
    ...(paper.publishedAt ? [paper.publishedAt] : []),
    ...(ranked.older ? ['older work, newly listed (a digest shows it apart, not as new)'] : []),
  ];
  return [
    `${String(index + 1).padStart(2)}. ${paper.title}`,
    `    ${facts.join(' · ')}`,
    `    matched: ${paper.reasons.map((reason) => `${reason.topic} (${reason.words.join(', ')})`).join(' · ')}`,
    `    ${paper.links.abs ?? `search: ${paper.links.search}`}`,
    '',
  ];
}
