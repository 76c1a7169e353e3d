import type { PrismaClient } from '../db/index.js';
import type { Renderer } from '../digest/index.js';
import type { LinkBuilder } from '../subscriptions/index.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { Mailer } from './mailer.js';

/** What the delivery engine needs, built once by the composition root. */
export interface DeliveryDeps {
  prisma: PrismaClient;
  mailer: Mailer;
  renderer: Renderer;
  clock: Clock;
  log: Logger;
  instanceId: string;
  /** Every link a digest carries, and its List-Unsubscribe headers. */
  links: LinkBuilder;
  mailFrom: string;
  postalAddress: string;
  /**
   * Where each run notes the messages the SMTP server accepted before it records them
   * (acceptance-journal.ts; DATA_DIR/journal); none: a run stopped in that moment leaves them to be sent again.
   */
  journalDir?: string;
  /** Observes each SMTP hand-over (seconds until accepted or refused); /metrics exports it. */
  metrics?: {
    observeSend(seconds: number, outcome: string): void;
    /** A send run stopped before its end: 'smtp-setup', 'relay-refusals', 'database', 'record'. */
    runStopped?(reason: string): void;
  };
}
