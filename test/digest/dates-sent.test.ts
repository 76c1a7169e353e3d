// The dates of digests as readers receive them: a real send run at 17:00 UTC on Wednesday 2 December
// 2026, messages accepted by an SMTP server and parsed back, and the web view of each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSendWorld, type SendWorld } from '../helpers/sent-digests.js';
import { insertPapers } from '../matching/corpus.js';

const READERS = [
  { email: 'ny-daily@example.org', timeZone: 'America/New_York', frequency: 'daily' as const },
  { email: 'ny-weekly@example.org', timeZone: 'America/New_York', frequency: 'weekly' as const },
  { email: 'west@example.org', timeZone: 'Etc/GMT+12', frequency: 'daily' as const },
  { email: 'east@example.org', timeZone: 'Pacific/Kiritimati', frequency: 'daily' as const },
  { email: 'east-weekly@example.org', timeZone: 'Pacific/Kiritimati', frequency: 'weekly' as const },
];

describe('dates, links and names in sent digests', () => {
  let world: SendWorld;

  beforeAll(async () => {
    world = await openSendWorld(new Date('2026-12-02T17:00:00Z'));
    const { prisma } = world.app;
    await insertPapers(prisma, [{ title: 'Protein Folding with Sparse Attention', abstract: 'We predict protein folding pathways with a sparse attention model.', arxivId: '2611.00042' }]);
    await prisma.paper.updateMany({ data: { authors: ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Emmy Noether'], authorCount: 4 } });
    await world.sendTo(READERS, 'protein folding');
  });
  afterAll(async () => {
    await world?.close();
  });

  const message = (email: string) => world.messageTo(email);
  const webView = (email: string) => world.webView(email);

  it.each([
    ['ny-daily@example.org', 'Wed 2 Dec', 'Wednesday 2 December 2026'],
    ['west@example.org', 'Wed 2 Dec', 'Wednesday 2 December 2026'],
    ['east@example.org', 'Thu 3 Dec', 'Thursday 3 December 2026'],
    ['ny-weekly@example.org', 'week of 30 Nov – 6 Dec', 'Week of 30 November – 6 December 2026'],
    ['east-weekly@example.org', 'week of 30 Nov – 6 Dec', 'Week of 30 November – 6 December 2026'],
  ])('%s reads "%s" in the subject and "%s" in the header and web view', async (email, short, long) => {
    const mail = message(email);
    expect(mail.subject).toBe(`1 new paper on protein folding · ${short}`);
    expect(mail.text).toContain(`PAPERBOY · ${long}\n`);
    expect(mail.html).toContain(`Paperboy · ${long}<`);
    expect(mail.text).not.toMatch(/Tue 1 Dec|Tuesday 1 December|Sunday 29 November/);
    expect(await webView(email)).toContain(`Paperboy · ${long}<`);
  });

  it('links the paper to arXiv, its PDF and Hugging Face, and names its authors, in the message and the web view', async () => {
    const mail = message('ny-daily@example.org');
    expect(mail.text).toContain('A. Lovelace, G. Hopper + 2');
    for (const line of ['arXiv: https://arxiv.org/abs/2611.00042', 'PDF: https://arxiv.org/pdf/2611.00042', 'Hugging Face: https://huggingface.co/papers/2611.00042']) {
      expect(mail.text).toContain(`   ${line}\n`);
    }
    const web = await webView('ny-daily@example.org');
    for (const html of [mail.html as string, web]) {
      expect(html).toContain('<a href="https://arxiv.org/abs/2611.00042"');
      expect(html).toContain('<a href="https://arxiv.org/pdf/2611.00042">PDF</a>');
      expect(html).toContain('<a href="https://huggingface.co/papers/2611.00042">Hugging Face</a>');
      expect(html).toContain('>A. Lovelace, G. Hopper + 2<');
      expect(html).not.toContain('/search');
    }
  });
});
