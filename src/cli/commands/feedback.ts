// paperboy feedback EMAIL [--more PAPER]... [--less PAPER]...: what a reader would mark with the
// links in their digest, from the command line. PAPER is one of PAPER_REF_FORMS (paper-ref.ts).
import type { Command } from 'commander';
import { z } from 'zod';
import { UserError } from '../../shared/errors.js';
import { emailField, PAPER_REF_FORMS, paperRefList } from '../../subscriptions/index.js';
import type { SubscriberStatus } from '../../db/index.js';
import type { Mark, MarkRecorded, UnknownPaperError } from '../../subscriptions/index.js';
import type { Action, CliContext } from '../context.js';
import { collect } from '../flags.js';
import { printJson, printLines } from '../output.js';
import { printable } from '../printable.js';
import { parseArgs } from '../validate.js';

const paperList = paperRefList(100);

const argsSchema = z
  .object({ email: emailField, more: paperList, less: paperList, json: z.boolean() })
  .refine((args) => args.more.length + args.less.length > 0, { message: 'give at least one --more PAPER or --less PAPER', path: ['more'] });

export function registerFeedback(program: Command, ctx: CliContext, run: (action: Action) => void) {
  program
    .command('feedback')
    .description('mark papers for a subscriber: more like this / less like this (a marked paper is never sent to them again)')
    .argument('<email>', 'the subscriber')
    .option('--more <paper>', `a paper they want more like: ${PAPER_REF_FORMS} (repeatable)`, collect)
    .option('--less <paper>', 'a paper they want less like, named the same ways (repeatable)', collect)
    .option('--json', 'print [{id, title, verdict, previous, changed, unliked}]')
    .action((email: string, options: { more?: string[]; less?: string[]; json?: boolean }) =>
      run(async () => {
        // EMAIL is positional: a bad address is named as `subscribe` names it, not as a flag.
        const args = parseArgs(argsSchema, { email, more: options.more ?? [], less: options.less ?? [], json: Boolean(options.json) }, { email: 'EMAIL' });
        const { markPapers, UnknownPaperError, ConflictingMarksError } = await import('../../subscriptions/index.js');
        const app = await ctx.openApp();
        try {
          const marks: Mark[] = [...args.more.map((ref) => ({ verdict: 'more' as const, ref })), ...args.less.map((ref) => ({ verdict: 'less' as const, ref }))];
          const { reader, marks: found } = await markPapers({ prisma: app.prisma, clock: app.clock }, args.email, marks, 'cli').catch((error: unknown) => {
            if (error instanceof UnknownPaperError) throw new UserError(unknownPaperMessage(error));
            if (error instanceof ConflictingMarksError) {
              const same = error.more.ref === error.less.ref ? `--more and --less both name ${error.more.ref}` : `--more ${error.more.ref} and --less ${error.less.ref} name the same paper`;
              throw new UserError(`${same} ("${error.paper.title}"): mark it either more or less like this. Nothing was recorded.`);
            }
            throw error;
          });
          if (reader.status !== 'active') process.stderr.write(`paperboy: ${printable(whenMarksCount(reader.email, reader.status, found.length))}\n`);
          if (args.json) return printJson(found.map(({ verdict, paper, previous, changed, unliked }) => ({ id: paper.id, title: paper.title, verdict, previous, changed, unliked })));
          printLines(...found.map(markLine));
        } finally {
          await app.close();
        }
      }),
    );
}

/**
 * One line a mark. A paper marked before says so (the same again changes nothing, the other way
 * replaces it); one taken off the reader's liked list by a "less" says that too, as the web page does.
 */
function markLine(mark: MarkRecorded): string {
  const before = mark.previous === null ? [] : mark.previous === mark.verdict ? ['already marked so: nothing changed'] : [`was ${mark.previous} like this`];
  const notes = [...before, ...(mark.unliked ? ['taken off the papers they like'] : [])];
  return `${mark.verdict === 'more' ? 'More' : 'Less'} like this: ${mark.paper.title}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

/**
 * A paper the corpus lacks. Named by its arXiv id (or as one the reader likes), it is a real paper
 * the corpus may yet bring, so it is not "no such paper"; otherwise the name itself may be wrong.
 */
function unknownPaperMessage(error: UnknownPaperError): string {
  const named = `--${error.mark.verdict} ${error.mark.ref}`;
  if (error.liked) return `${named}: not in the corpus yet, so there is nothing to mark; it is among the papers they like, kept by its text. Nothing was recorded.`;
  if (error.ref.kind === 'arxiv') return `${named}: not in the corpus yet, so there is nothing to mark (it can be once a listing brings it). Nothing was recorded.`;
  const what = error.ref.kind === 'id' ? 'no paper has this id' : 'no paper in the corpus has this title';
  return `${named}: ${what} (PAPER is ${PAPER_REF_FORMS}). Nothing was recorded.`;
}

/**
 * Marks for a reader who gets no digests now are kept (they may come back), but an operator told
 * nothing would take them for in effect: one line on stderr, in the status words `subscribe --file` uses.
 */
function whenMarksCount(email: string, status: Exclude<SubscriberStatus, 'active'>, count: number): string {
  const kept = count === 1 ? 'the mark is kept' : 'the marks are kept';
  switch (status) {
    case 'pending':
      return `${email} has not confirmed yet: ${kept}, for their first digest once they confirm.`;
    case 'paused':
      return `${email} is paused: ${kept}, for their first digest once they resume.`;
    case 'unsubscribed':
      return `${email} is unsubscribed: ${kept}, for if they subscribe again.`;
    case 'suspended':
      return `${email} is suspended (mail to the address bounced): ${kept}, for if their digests start again.`;
  }
}
