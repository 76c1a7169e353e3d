import type { PrismaClient } from '../db/index.js';
import type { Clock } from '../shared/clock.js';
import type { ArxivPaperLookup } from './liked-papers.js';
import type { LinkBuilder } from './links.js';
import type { SubscriberNotifier } from './notifier.js';
import type { TokenSigner } from './tokens.js';

/**
 * What the subscription use cases work with, built by whoever serves them (the web server, a CLI
 * command) from the App. Each use case takes only the part it needs.
 */
export interface SubscriptionDeps {
  prisma: PrismaClient;
  clock: Clock;
  signer: TokenSigner;
  links: LinkBuilder;
  notifier: SubscriberNotifier;
  /** The time zone of a subscriber who names none (TZ). */
  defaultTimeZone: string;
  /** Liked papers the corpus lacks are looked up here (by arXiv id or title); without it a bare arXiv id is refused. */
  lookupArxiv?: ArxivPaperLookup;
  /**
   * When the service's next send run comes after an instant (SEND_CRON), for the words of a first
   * digest: a reader due now whose edition ends before that run gets the next one. Unknown: not said.
   */
  nextSendRun?: (after: Date) => Date | null;
}
