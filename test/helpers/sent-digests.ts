// A real send world for tests that read digests as readers get them: the application on its own
// PostgreSQL database, mail accepted by an in-process SMTP server and parsed back, and the web view
// of each delivery rendered as GET /digest/:token renders it.
import type { ParsedMail } from 'mailparser';
import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import { runSend } from '../../src/delivery/index.js';
import { fixedClock } from '../../src/shared/clock.js';
import { loadDigestView } from '../../src/web/digest-view.js';
import { openTestApp } from '../../testkit/app.js';
import { createTestDatabase } from '../../testkit/database.js';
import { startSmtpSink, type SmtpSink } from '../../testkit/smtp-sink.js';

export interface SendWorld {
  app: App;
  smtp: SmtpSink;
  /** The application's clock, to move time between sending and reading. */
  clock: ReturnType<typeof fixedClock>;
  /** The last message sent to this address. */
  messageTo(email: string): ParsedMail;
  /** The HTML of the web view of this address's (only) delivery. */
  webView(email: string): Promise<string>;
  /** Active readers following `topic` (sent at any hour, weekly ones on Monday), then one send run for all of them. */
  sendTo(readers: Array<{ email: string; timeZone: string; frequency: 'daily' | 'weekly' }>, topic: string): Promise<void>;
  close(): Promise<void>;
}

export async function openSendWorld(now: Date, env: Record<string, string> = {}): Promise<SendWorld> {
  const db = await createTestDatabase('postgres');
  const smtp = await startSmtpSink();
  const clock = fixedClock(now);
  const app = await openTestApp(db, { clock, env: { SMTP_URL: smtp.url, ...env } });
  return {
    app,
    smtp,
    clock,
    messageTo: (email) => smtp.messages.findLast((m) => JSON.stringify(m.to).includes(email))!,
    async webView(email) {
      const delivery = await app.prisma.delivery.findFirstOrThrow({ where: { subscriber: { email } } });
      const deps = { prisma: app.prisma, links: app.links, postalAddress: app.config.postalAddress };
      const found = await loadDigestView(deps, delivery.webToken);
      if (found.kind !== 'view') throw new Error(`no web view for ${email}: ${found.kind}`);
      return (await app.renderer()).digest(found.view).html;
    },
    async sendTo(readers, topic) {
      for (const reader of readers) {
        await app.prisma.subscriber.create({
          data: { ...reader, status: 'active', linkKey: `key-${reader.email}`, sendHour: 0, sendWeekday: 1, confirmedAt: new Date('2026-11-01T00:00:00Z'), interests: { create: [{ label: topic }] } },
        });
      }
      expect(await runSend(await app.deliveryDeps(), { mode: 'now' })).toMatchObject({ sent: readers.length, failed: 0 });
    },
    async close() {
      await app.close();
      await smtp.close();
      await db.drop();
    },
  };
}
