import type { Command } from 'commander';
import { z } from 'zod';
import type { OutageCut, SendReport, WaitingForRetries } from '../../delivery/index.js';
import { EXIT, type Action, type CliContext } from '../context.js';
import { abortOnSignals } from '../../shared/signals.js';
import { printJson, printLines, progressBar } from '../output.js';
import { parseArgs, type FlagNames } from '../validate.js';
import { formatCount, plural } from '../../shared/wording.js';

/** Options shared by `send` and `retry`: how long to wait for retries, how long a claim lasts. */
export const drainArgs = {
  wait: z.coerce.number().min(0).max(24 * 60).default(10),
  claimTimeout: z.coerce.number().int().min(5).max(3600).optional(),
  dbOutage: z.coerce.number().min(1).max(3600).optional(),
};

export function drainSettings(args: { wait: number; claimTimeout?: number; dbOutage?: number }) {
  return {
    maxWaitMs: args.wait * 60_000,
    onWaiting: sayWaiting,
    onOutageCut: sayOutageCut,
    ...(args.claimTimeout ? { claimTimeoutMs: args.claimTimeout * 1000 } : {}),
    ...(args.dbOutage ? { maxOutageMs: args.dbOutage * 1000 } : {}),
  };
}

/**
 * One line on stderr (never in --json's stdout) when a run starts waiting for retries after
 * temporary failures (a 451) or policy refusals: otherwise it would sit silent for up to --wait minutes.
 */
function sayWaiting(wait: WaitingForRetries): void {
  process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}paperboy: ${waitingLine(wait)}\n`);
}

/** "waiting up to 10 min for 3 retries after …": each kind of failure they met, with how many when both. */
export function waitingLine({ retries, reasons, nextAttemptAt, until, now }: WaitingForRetries): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  const them = retries === 1 ? 'it' : 'them';
  const due = retries === 1 ? 'due' : 'the first due';
  const { temporary, refusal } = reasons;
  const met =
    temporary && refusal
      ? `a temporary failure for ${formatCount(temporary.count)} and a refusal by the relay's policy for ${formatCount(refusal.count)}`
      : refusal
        ? "a refusal by the relay's policy"
        : 'a temporary failure';
  return `waiting up to ${minutes} min for ${plural(retries, 'retry', 'retries')} after ${met}, ${due} at ${clockTime(nextAttemptAt)} UTC (--wait 0 to leave ${them} to the next scheduled send)`;
}

const clockTime = (date: Date) => date.toISOString().slice(11, 16);

/**
 * One line on stderr when --claim-timeout alone cut the default --db-outage to half of it: the
 * operator did not ask for a shorter outage bound, and a run that stops after 2.5 s of database
 * silence instead of 30 should not be a surprise.
 */
function sayOutageCut({ outageMs, claimTimeoutMs, defaultMs }: OutageCut): void {
  process.stderr.write(`paperboy: --db-outage is ${outageMs / 1000} s (half of --claim-timeout ${claimTimeoutMs / 1000}), not the default ${defaultMs / 1000} s\n`);
}

/** Registers the options of `drainArgs` on `send` and `retry` alike, so neither lacks one the other has. */
export function withDrainOptions(command: Command): Command {
  return command
    .option('--wait <minutes>', 'how long to keep retrying temporary failures (a 451) before leaving them to the next scheduled send; 0: do not wait', '10')
    .option('--claim-timeout <seconds>', 'after how long without a heartbeat another process may take over a claim (default 60)')
    .option('--db-outage <seconds>', 'how long the database may not answer before the run stops (default 30 or half the claim timeout, whichever is shorter; at most half the claim timeout)');
}

/** How the shared options read in messages. */
export const drainFlags = { wait: ['--wait', 'must be a number of minutes from 0 to 1440'], claimTimeout: ['--claim-timeout', 'must be a number of seconds from 5 to 3600'], dbOutage: ['--db-outage', 'must be a number of seconds from 1 to 3600'] } satisfies FlagNames;

const argsSchema = z.object({ now: z.boolean().default(false), json: z.boolean().default(false), ...drainArgs });

export function registerSend(program: Command, ctx: CliContext, run: (action: Action) => void) {
  withDrainOptions(
    program
      .command('send')
      .description("send the digests that are due now (what the schedule runs); with --now, the current edition (today's, or this week's for a weekly reader) to every active subscriber whatever their hour (one who already had a digest that day gets no second)")
      .option('--now', 'send the current edition to every active subscriber, whatever their hour')
      .option('--json', 'print only the summary {subscribers, sent, skipped, skippedFor: {nothingNew, withdrawn, inactive}, failed, notDue, alreadySent, earlierSkipped, earlierFailed, earlierBounced, bounced, pending, claimedElsewhere, recordedFromJournal, erased, finishedElsewhere} as JSON'),
  ).action((options: Record<string, unknown>) =>
      run(async () => {
        const args = parseArgs(argsSchema, options, drainFlags);
        const { checkOutageBound, sendDigests, summarize } = await import('../../delivery/index.js');
        // A flag mistake is no run of the send job: checked before one is recorded (it was, as a failed one).
        checkOutageBound({ ...drainSettings(args), onOutageCut: undefined });
        const { recordJobRun } = await import('../../schedule/index.js');
        const app = await ctx.openApp();
        try {
          const progress = progressBar('send', !args.json);
          // SIGTERM / Ctrl-C: stop claiming, let what is in flight finish, give the rest back.
          const shutdown = abortOnSignals();
          let report: SendReport;
          try {
            const deps = await app.deliveryDeps();
            await deps.mailer.verify?.(); // an unusable outbox: one line, before anything is recorded
            // Recorded as the send job's run, so that `status` says how the last one went.
            report = await recordJobRun(deps, 'send', () =>
              sendDigests(deps, { mode: args.now ? 'now' : 'due', ...drainSettings(args), signal: shutdown.signal, onProgress: (done, total) => progress.update(done, total) }),
            );
          } finally {
            shutdown.dispose();
            progress.stop();
          }
          if (args.json) {
            const { subscribers, sent, skipped, failed } = summarize(report);
            printJson({ subscribers, sent, skipped, skippedFor: report.skippedFor, failed, ...breakdown(report) });
          }
          else printLines(...describeSend(report, app.config.smtpUrl ? null : app.config.outboxDir, app.db.kind !== 'embedded'));
          return report.failed + report.bounced + report.pending + report.error > 0 ? EXIT.partial : EXIT.ok;
        } finally {
          await app.close();
        }
      }),
    );
}

/**
 * Where every subscriber the run considered ended up, beyond the short summary. One whose hour
 * has not come but who already had the current edition (a `send --now` reached them) counts
 * with those who already had it, not as "not due yet".
 */
function breakdown(report: SendReport) {
  const { earlier, early } = report;
  return {
    notDue: report.notDue,
    alreadySent: report.alreadyHad,
    earlierSkipped: earlier.skipped + early.skipped,
    earlierFailed: earlier.failed + earlier.bounced + early.failed + early.bounced,
    // Of those, the ones a server refused for good: `retry --failed` never sends them again.
    earlierBounced: earlier.bounced + early.bounced,
    bounced: report.bounced,
    pending: report.pending,
    claimedElsewhere: report.claimedElsewhere,
    // Sent by a run that stopped before recording them (its journal): recorded now, not sent again.
    recordedFromJournal: report.recordedFromJournal,
    // Erased (`paperboy erase`) while the run went: their delivery went with them, unsent.
    erased: report.erased,
    // Planned by this run, finished by another while it ran (two `send` at once, or the service's
    // scheduled run): counted nowhere else, they made the parts fall short of the total.
    finishedElsewhere: Math.max(
      0,
      report.owed + report.aheadOpen - (earlier.sent + earlier.skipped + earlier.failed + earlier.bounced)
        - (report.sent + report.skipped + report.failed + report.bounced + report.pending + report.claimedElsewhere + report.recordedFromJournal + report.erased),
    ),
  };
}

/** A skip per cause: each sends the operator somewhere else (the corpus, arXiv, the reader's own choice). */
export function skippedParts(skipped: SendReport['skippedFor']): string[] {
  return [
    ...(skipped.nothingNew ? [`${formatCount(skipped.nothingNew)} skipped (no new paper matched their topics or liked papers)`] : []),
    ...(skipped.withdrawn ? [`${formatCount(skipped.withdrawn)} skipped (every paper of their digest was withdrawn on arXiv after it was built)`] : []),
    ...(skipped.inactive ? [`${formatCount(skipped.inactive)} skipped (paused, unsubscribed or suspended since their digest was planned)`] : []),
  ];
}

/**
 * Who sends what a run left pending. On an embedded database the command opened itself no service
 * runs (it would hold the database), so no scheduled send is coming: `status` says "none until
 * paperboy serve runs", and a summary promising "the next scheduled send" contradicted it.
 */
export function pendingRetriedBy(scheduled: boolean): string {
  return scheduled ? 'the next scheduled send retries them' : 'paperboy send retries them, or paperboy serve once it runs';
}

/** The run in words: every subscriber considered is counted once, and nothing is claimed that did not happen. */
export function describeSend(report: SendReport, outboxDir: string | null, scheduled = true): string[] {
  const b = breakdown(report);
  const finished = report.sent + report.skipped + report.failed + report.bounced + report.pending + report.claimedElsewhere;
  const people = (n: number) => plural(n, 'active subscriber');
  const handledBefore = b.alreadySent + b.earlierSkipped + b.earlierFailed;
  // Already handled by an earlier run (the edition went out, at its hour or by `send --now`) is not due.
  // Not when some failed earlier: "nothing was due" would hide digests that `retry --failed` can still send.
  if (report.subscribers - b.notDue === handledBefore && finished === 0 && b.earlierFailed === 0) {
    // Everyone's edition is this one and they had it (a second `send --now`): "none is owed a digest
    // now" read as if nobody were due, where an earlier run had sent it to them all.
    const hadIt = `already had this edition${b.earlierSkipped ? ' (or had nothing new for it)' : ''}`;
    return [
      report.subscribers === 0
        ? 'Nothing was due: there is no active subscriber.'
        : b.notDue === 0
          ? `Nothing to send: ${report.subscribers === 1 ? 'the only active subscriber' : `all ${people(report.subscribers)}`} ${hadIt} (paperboy status says when the next are due).`
          : `Nothing was due: ${report.subscribers === 1 ? 'the only active subscriber is not' : `none of the ${people(report.subscribers)} is`} owed a digest now (paperboy status says when the next are).`,
    ];
  }
  const parts = [
    `${plural(report.sent, 'digest')} sent`,
    ...skippedParts(report.skippedFor),
    ...(b.alreadySent ? [`${formatCount(b.alreadySent)} already had this edition`] : []),
    ...(b.earlierSkipped ? [`${formatCount(b.earlierSkipped)} already skipped for this edition`] : []),
    ...(b.earlierFailed > b.earlierBounced ? [`${formatCount(b.earlierFailed - b.earlierBounced)} failed earlier for this edition (paperboy retry --failed)`] : []),
    ...(b.earlierBounced ? [`${formatCount(b.earlierBounced)} refused earlier by the server (never retried)`] : []),
    ...(report.failed ? [`${formatCount(report.failed)} failed`] : []),
    ...(report.bounced ? [`${formatCount(report.bounced)} refused by the server`] : []),
    ...(report.pending ? [`${formatCount(report.pending)} still pending (${pendingRetriedBy(scheduled)})`] : []),
    ...(report.claimedElsewhere ? [`${formatCount(report.claimedElsewhere)} being sent by another run (paperboy status shows how they end)`] : []),
    ...(b.recordedFromJournal ? [`${formatCount(b.recordedFromJournal)} sent by an earlier run that stopped before recording them (recorded from its journal, not sent again)`] : []),
    ...(b.erased ? [`${formatCount(b.erased)} erased during the run (not sent)`] : []),
    ...(b.finishedElsewhere ? [`${formatCount(b.finishedElsewhere)} handled by another run meanwhile`] : []),
    ...(b.notDue ? [`${formatCount(b.notDue)} not due yet`] : []),
  ];
  return [
    `${people(report.subscribers)} considered: ${parts.join(', ')}.`,
    ...(outboxDir && report.sent > 0 ? [`The messages were written to ${outboxDir} (no SMTP_URL).`] : []),
  ];
}
