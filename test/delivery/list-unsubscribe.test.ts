// List-Unsubscribe in the messages readers receive (RFC 2369/8058): the https one-click URL always
// (one-click claimed only for https),
// a mailto only to the mailbox the operator names in UNSUBSCRIBE_MAILTO, never to MAIL_FROM.
import { describe, expect, it } from 'vitest';
import type { ParsedMail } from 'mailparser';
import { loadConfig } from '../../src/config/index.js';
import { runSend } from '../../src/delivery/index.js';
import { ConfigError } from '../../src/shared/errors.js';
import { testEnv } from '../../testkit/app.js';
import { createTestDatabase } from '../../testkit/database.js';
import { openSendWorld } from '../helpers/sent-digests.js';
import { createSubscriber, insertPapers, NOW } from '../matching/corpus.js';

/** The header as one line (a long header is folded on the wire). */
const header = (mail: ParsedMail, name: string) => (mail.headerLines.find((h) => h.key === name)?.line ?? '').replace(/\r?\n[ \t]+/g, ' ');

async function sendOne(env: Record<string, string>): Promise<ParsedMail> {
  const world = await openSendWorld(NOW, env);
  try {
    await insertPapers(world.app.prisma, [{ title: 'Protein Folding with Sparse Attention', abstract: 'We predict protein folding pathways with a sparse attention model.' }]);
    await createSubscriber(world.app.prisma, 'reader@example.org', ['protein folding']);
    expect(await runSend(await world.app.deliveryDeps(), { mode: 'now' })).toMatchObject({ sent: 1 });
    return world.messageTo('reader@example.org');
  } finally {
    await world.close();
  }
}

describe('List-Unsubscribe', () => {
  it('offers only the https one-click URL by default, never a mailto to MAIL_FROM', async () => {
    const mail = await sendOne({ PUBLIC_URL: 'https://paperboy.test' });
    expect(header(mail, 'list-unsubscribe')).toMatch(/^List-Unsubscribe: <https:\/\/paperboy\.test\/unsubscribe\/[\w.-]+>$/);
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(JSON.stringify(mail.headerLines)).not.toContain('mailto:');
  });

  it('lists an http URL (a local trial) without claiming one-click, which RFC 8058 allows only for https', async () => {
    const mail = await sendOne({ PUBLIC_URL: 'http://localhost:3000' });
    expect(header(mail, 'list-unsubscribe')).toMatch(/^List-Unsubscribe: <http:\/\/localhost:3000\/unsubscribe\/[\w.-]+>$/);
    expect(header(mail, 'list-unsubscribe-post')).toBe('');
  });

  it('adds a mailto to the mailbox the operator processes, with the unsubscribe token as its subject', async () => {
    const mail = await sendOne({ PUBLIC_URL: 'https://paperboy.test', UNSUBSCRIBE_MAILTO: 'leave@lists.example.org' });
    const line = header(mail, 'list-unsubscribe');
    const [, url, token] = /^List-Unsubscribe: <(https:\/\/paperboy\.test\/unsubscribe\/([\w.-]+))>, <mailto:leave@lists\.example\.org\?subject=unsubscribe%20([\w.-]+)>$/.exec(line) ?? [];
    expect(url, line).toBeDefined();
    expect(line.endsWith(`subject=unsubscribe%20${token}>`)).toBe(true);
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  });

  it('refuses an UNSUBSCRIBE_MAILTO that is not a bare address', async () => {
    const db = await createTestDatabase('postgres');
    for (const bad of ['mailto:leave@example.org', 'Leave <leave@example.org>', 'nobody']) {
      expect(() => loadConfig(testEnv(db, { UNSUBSCRIBE_MAILTO: bad }))).toThrow(ConfigError);
    }
    expect(loadConfig(testEnv(db, { UNSUBSCRIBE_MAILTO: '' })).unsubscribeMailto).toBeUndefined();
    await db.drop();
  });
});
