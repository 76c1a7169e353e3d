// Step 3: claimed deliveries are made ready a batch at a time (one query for the rows, their
// subscribers, topics and, for those built before as on a retry, their stored content; the
// content of those not built yet in one transaction by build.ts, which hands it back), then
// each is rendered and handed to the mailer. A row is marked sent only after the SMTP server
// accepted the message.
import { composeDelivered, editionDayOf } from '../digest/index.js';
import { DatabaseUnavailableError, isConnectionError, type OutageGuard } from '../db/index.js';
import { trendingDaysFor, type ChosenPaper, type Matcher } from '../matching/index.js';
import { buildDeliveryContents, type BuildTarget } from './build.js';
import type { DeliveryDeps } from './deps.js';
import type { OutgoingMessage } from './mailer.js';
import { classifyFailure, describeFailure } from './failures.js';
import { RelayRefusedError, type RelayWatch } from './relay-watch.js';
import type { PaperCache } from './papers.js';
import type { DeliveryOutcome, Recorder } from './record.js';
import { readClaimed, resetHardBounces, type ClaimedDelivery } from './store/index.js';

export interface WorkerContext {
  deps: DeliveryDeps;
  matcher: Matcher;
  papers: PaperCache;
  recorder: Recorder;
  /** Every database call of the run goes through it; no message goes to SMTP while it is down. */
  db: OutageGuard;
  claimant: string;
  /** Every SMTP answer goes to it; it says when the relay refuses us rather than our readers. */
  relay: RelayWatch;
  /** Forgets a claim that another process took over. */
  lost(deliveryId: number): void;
  /** Whether the claim is still ours, right before its message goes to SMTP (the heartbeat's). */
  holds(deliveryId: number): Promise<boolean>;
  /** The reader's status right before their message goes to SMTP; null when erased (leavers.ts). */
  recipientStatus(deliveryId: number): Promise<string | null>;
  /** Stops the run: set when a failure says our own setup is wrong (SMTP login, TLS, a relay refusing all). */
  halt(error: unknown): void;
  halted(): boolean;
}

export interface ReadyDelivery extends Omit<ClaimedDelivery, 'content'> {
  papers: ChosenPaper[];
}

/** Loads and builds a claimed batch; deliveries that need no sending are recorded on the way. */
export async function prepareBatch(
  ctx: WorkerContext,
  ids: number[],
): Promise<{ ready: ReadyDelivery[]; outcomes: DeliveryOutcome[] }> {
  const { prisma } = ctx.deps;
  const outcomes: DeliveryOutcome[] = [];
  const rows = await ctx.db.run(() => readClaimed(prisma, { claimant: ctx.claimant, ids }));
  // A claimed row we cannot read back was taken over in between: it is no longer ours to renew.
  const found = new Set(rows.map((row) => row.id));
  for (const id of ids.filter((id) => !found.has(id))) {
    ctx.lost(id);
    outcomes.push('lost-claim');
  }

  const active: ClaimedDelivery[] = [];
  for (const row of rows) {
    // Paused, unsubscribed or suspended since the row was planned: nothing is sent.
    if (row.subscriberStatus !== 'active') outcomes.push(await ctx.recorder.skipped(row.id, { kind: 'inactive', status: row.subscriberStatus }));
    else active.push(row);
  }

  const papersOf = new Map<number, ChosenPaper[]>();
  const unbuilt: ClaimedDelivery[] = [];
  for (const row of active) {
    if (row.content === null) unbuilt.push(row);
    else if (Array.isArray(row.content)) papersOf.set(row.id, row.content);
    else {
      // Not something a retry can mend: failed, for the operator to look at (`retry --failed`).
      ctx.deps.log.error({ deliveryId: row.id, err: row.content }, 'a delivery\'s stored content is not valid');
      outcomes.push(await ctx.recorder.failed(row.id, row.content.message));
    }
  }
  // An empty build is one with nothing new on the reader's topics (build.ts stores trending
  // papers only beside at least one of those).
  for (const [id, papers] of await buildAll(ctx, unbuilt, outcomes)) {
    if (papers.length > 0) papersOf.set(id, papers);
    else outcomes.push(await ctx.recorder.skipped(id, { kind: 'nothingNew' }));
  }
  // A delivery whose build failed is recorded already, and has no papers here.
  const ready = active.filter((row) => papersOf.has(row.id)).map(({ content: _, ...row }) => ({ ...row, papers: papersOf.get(row.id)! }));
  return { ready, outcomes };
}

const buildTarget = (row: ClaimedDelivery): BuildTarget => ({
  deliveryId: row.id,
  subscriberId: row.subscriberId,
  digestSize: row.digestSize,
  topics: row.topics,
  trendingDays: trendingDaysFor(row.editionKey),
  timeZone: row.timeZone,
});

/**
 * Builds the batch's digests in one transaction. Should that fail, each is built on its own, so
 * that one bad delivery is recorded as failed instead of failing its whole batch.
 */
async function buildAll(ctx: WorkerContext, rows: ClaimedDelivery[], outcomes: DeliveryOutcome[]): Promise<Map<number, ChosenPaper[]>> {
  const { prisma, log } = ctx.deps;
  if (rows.length === 0) return new Map();
  try {
    return await buildDeliveryContents(prisma, ctx.matcher, rows.map(buildTarget));
  } catch (error) {
    // The database went away during the build: not the deliveries' fault. Their claims go back
    // once it answers, and the next claim reads whatever the build committed before it went.
    if (isConnectionError(error)) {
      await ctx.recorder.release(rows.map((row) => row.id));
      for (const _ of rows) outcomes.push('released');
      return new Map();
    }
    if (rows.length === 1) {
      log.error({ deliveryId: rows[0]!.id, err: error }, 'building the digest failed');
      outcomes.push(await ctx.recorder.failure(rows[0]!, error));
      return new Map();
    }
    log.warn({ err: error, deliveries: rows.length }, 'building a batch of digests failed: building them one by one');
  }
  const built = new Map<number, ChosenPaper[]>();
  for (const row of rows) {
    for (const [id, papers] of await buildAll(ctx, [row], outcomes)) built.set(id, papers);
  }
  return built;
}

/** The message for a ready delivery: the digest rendered with this subscriber's links. */
export async function renderDelivery(ctx: WorkerContext, delivery: ReadyDelivery): Promise<OutgoingMessage> {
  const { deps } = ctx;
  const records = await ctx.papers.load(delivery.papers.map((p) => p.paperId));
  const links = deps.links.forSubscriber(delivery.linkKey);
  const email = deps.renderer.digest(
    composeDelivered({
      edition: editionDayOf(delivery.editionKey, delivery.editionDate),
      timeZone: delivery.timeZone,
      topics: delivery.topics,
      likedPapers: delivery.likedPapers,
      places: delivery.digestSize,
      chosen: delivery.papers,
      records,
      links: { preferences: links.preferences, unsubscribe: links.unsubscribe, webView: deps.links.webView(delivery.webToken) },
      feedbackLinks: (paperId) => deps.links.feedback(delivery.feedbackKey, paperId),
      plannedAt: delivery.plannedAt,
      subscribedAt: delivery.confirmedAt,
      publicUrl: deps.links.publicUrl,
      postalAddress: deps.postalAddress,
    }),
  );
  return {
    to: delivery.email,
    subject: email.subject,
    html: email.html,
    text: email.text,
    messageId: delivery.messageId,
    headers: deps.links.unsubscribeHeaders(links),
  };
}

/** Whether a paper of the digest's main list can still be shown (loadPapers leaves out withdrawn ones). */
async function hasPaperToShow(ctx: WorkerContext, delivery: ReadyDelivery): Promise<boolean> {
  const main = delivery.papers.filter((paper) => !paper.trending).map((paper) => paper.paperId);
  return (await ctx.papers.load(main)).size > 0;
}

/** Our claim ran out while we could not renew it (paused, frozen) and another process took it over. */
class ClaimLostError extends Error {
  override name = 'ClaimLostError';
}

/**
 * The run stopped (Ctrl-C, SIGTERM, our setup refused, a recording failed) while this message was
 * rendered or waited for a connection: it is given back, not sent. A run allows four messages per connection in
 * flight, and a Ctrl-C let the twenty queued behind the five on the wire go out over 8 s.
 */
class RunStoppedError extends Error {
  override name = 'RunStoppedError';
}

/** The reader left (unsubscribed, paused, was suspended or erased) since their batch was read. */
class RecipientLeftError extends Error {
  override name = 'RecipientLeftError';
  constructor(readonly status: string | null) {
    super(status === null ? 'the reader was erased' : `the reader is ${status}`);
  }
}

/** Renders one ready delivery, sends it and records what happened. */
export async function sendDelivery(ctx: WorkerContext, delivery: ReadyDelivery): Promise<DeliveryOutcome> {
  let message: OutgoingMessage | null;
  try {
    // Every paper of its main list withdrawn on arXiv (or gone) since it was built: the digest would
    // have nothing to show, or trending papers only, which build.ts never sends alone either. Its
    // content stays as built (a retry and the web view show one digest), so it is skipped, not re-picked.
    message = (await hasPaperToShow(ctx, delivery)) ? await renderDelivery(ctx, delivery) : null;
  } catch (error) {
    if (isConnectionError(error)) throw error; // reading its papers: the run stops, the claim stays
    ctx.deps.log.error({ deliveryId: delivery.id, err: error }, 'rendering the digest failed');
    return ctx.recorder.failure(delivery, error);
  }
  if (message === null) return ctx.recorder.skipped(delivery.id, { kind: 'withdrawn' });
  let response: string;
  const handedOver = performance.now();
  const observe = (outcome: string) => ctx.deps.metrics?.observeSend((performance.now() - handedOver) / 1000, outcome);
  try {
    // Never more at the SMTP server than can be recorded: during a database outage, wait. Never
    // a message whose claim another process took over while we were paused: it is theirs to send.
    // Nor a message to a reader who left since their batch was read (leavers.ts). Nor anything once
    // the run has stopped: only what is already on the wire finishes.
    const beforeHandOver = async () => {
      if (ctx.halted()) throw new RunStoppedError();
      await ctx.db.ready();
      if (!(await ctx.holds(delivery.id))) throw new ClaimLostError();
      const status = await ctx.db.run(() => ctx.recipientStatus(delivery.id));
      if (status !== 'active') throw new RecipientLeftError(status);
    };
    // Stopped while this one was rendered: not even built for SMTP.
    if (ctx.halted()) throw new RunStoppedError();
    ({ response } = await ctx.deps.mailer.send(message, { beforeHandOver }));
    observe('accepted');
    ctx.relay.note(delivery.email, 'accepted');
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) throw error; // held back, never handed over
    if (error instanceof RunStoppedError) {
      await ctx.recorder.release([delivery.id]);
      return 'released';
    }
    if (error instanceof ClaimLostError) {
      ctx.lost(delivery.id);
      return 'lost-claim';
    }
    if (error instanceof RecipientLeftError) {
      if (error.status !== null) return ctx.recorder.skipped(delivery.id, { kind: 'inactive', status: error.status });
      ctx.lost(delivery.id);
      return 'erased';
    }
    const kind = classifyFailure(error);
    observe(kind);
    if (kind === 'setup') {
      ctx.halt(error);
      await ctx.recorder.release([delivery.id]);
      return 'released';
    }
    const verdict = ctx.relay.note(delivery.email, kind, describeFailure(error));
    if (verdict) {
      ctx.halt(new RelayRefusedError(verdict));
      // The answer that proved the relay wrong suspends nobody: the delivery waits for the next run.
      if (verdict.cause === 'mailbox') {
        await ctx.recorder.release([delivery.id]);
        return 'released';
      }
    }
    return ctx.recorder.failure(delivery, error);
  }
  const outcome = await ctx.recorder.sent(delivery.id, response, message.subject, delivery.messageId);
  // Hard bounces count in a row: an accepted message resets the count.
  if (outcome === 'sent' && delivery.hardBounces > 0) {
    await ctx.db.run(() => resetHardBounces(ctx.deps.prisma, delivery.subscriberId));
  }
  return outcome;
}
