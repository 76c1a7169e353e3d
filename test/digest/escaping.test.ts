// Titles, abstracts and topics come from outside (feeds, subscribers). None of it may become markup,
// a link to anything but http(s), or an extra header line.

import { beforeAll, describe, expect, it } from 'vitest';
import { createRenderer, type Renderer } from '../../src/digest/render.js';
import type { DigestView } from '../../src/digest/types.js';
import { confirmationInput, goodbyeInput, paper, sameLinks, typicalView, welcomeInput } from '../../testkit/digest-views.js';
import { TEMPLATES_DIR } from './templates-dir.js';

let renderer: Renderer;
beforeAll(async () => {
  renderer = await createRenderer({ templatesDir: TEMPLATES_DIR });
});

const BAD_URLS = [
  'javascript:alert(1)',
  ' JaVaScRiPt:alert(1)',
  'java\nscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  '//evil.example/x',
  '/relative',
  'https://user:pass@evil.example/',
];

const hostile: DigestView = {
  ...typicalView,
  topics: ['LLMs\r\nBcc: victim@example.org', '<b>bold</b> & "quoted"', 'x^2'],
  papers: [
    paper({
      title: '<script>alert("t")</script> & "><img src=x onerror=alert(1)> {{subject}}',
      abstract: 'Uses &amp; literally, x^2 < y > z, "double" and \'single\' quotes, `ticks` and =equals=. {{#each papers}}',
      links: { ...sameLinks('javascript:alert(1)'), code: 'data:text/html,<script>alert(1)</script>' },
      authors: ['<b>Evil</b> "Author"', 'x\r\nBcc: victim@example.org'],
      reasons: [{ topic: '<i>topic</i>\nSubject: spoof', words: ['<u>w</u>', '"w2"'] }],
    }),
    ...BAD_URLS.map((url, i) => paper({ title: `Bad URL ${i}`, links: sameLinks(url) })),
  ],
  links: { ...typicalView.links, webView: 'javascript:alert(document.cookie)' },
  reason: 'you subscribed <a href="https://evil.example">here</a>',
  postalAddress: '1 Street\r\nSecond line <b>',
};

function hrefs(html: string): string[] {
  return [...html.matchAll(/\bhref\s*=\s*"([^"]*)"/gi)].map((m) => m[1] ?? '');
}

describe('hostile digest input', () => {
  it('escapes titles, abstracts, topics and reasons in HTML', () => {
    const { html } = renderer.digest(hostile);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain('<b>bold</b>');
    expect(html).not.toContain('<i>topic</i>');
    expect(html).not.toContain('<u>w</u>');
    expect(html).toContain('&lt;b&gt;Evil&lt;/b&gt; &quot;Author&quot;'); // a name one word long stays whole, escaped
    expect(html).not.toContain('<a href="https://evil.example">');
    expect(html).toContain('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; &quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(html).toContain('Uses &amp;amp; literally, x^2 &lt; y &gt; z');
    // Template syntax inside data is shown, not evaluated.
    expect(html).toContain('{{subject}}');
    expect(html).toContain('{{#each papers}}');
  });

  it('never links to anything but http(s), and drops unsafe links', () => {
    const { html, text } = renderer.digest(hostile);
    const links = hrefs(html);
    expect(links.length).toBeGreaterThan(0);
    for (const href of links) expect(href).toMatch(/^https?:\/\/[^/@]+\//);
    expect(html).not.toMatch(/javascript:|vbscript:|data:text/i);
    expect(links).not.toContain('https://user:pass@evil.example/');
    expect(html).not.toContain('View in browser');
    expect(html).not.toContain('Code →');
    expect(text).not.toMatch(/javascript:|vbscript:|data:text|Code:/i);
    // The title is still shown, without a link.
    expect(html).toContain('>Bad URL 0</span>');
  });

  it('keeps the subject on one line', () => {
    // The subject names the topics the papers matched: here all three hostile ones.
    const matchingAll = { ...hostile, papers: hostile.papers.map((paper) => ({ ...paper, reasons: hostile.topics.map((topic) => ({ topic, words: ['w'] })) })) };
    const { subject } = renderer.digest(matchingAll);
    expect(subject).not.toMatch(/[\r\n\u2028\u2029]/);
    expect(subject).toBe('9 new papers on LLMs Bcc: victim@example.org, <b>bold</b> & "quoted" +1 more · Tue 3 Mar');
  });

  it('keeps the plain text literal and free of stray line breaks from input', () => {
    const { text } = renderer.digest(hostile);
    expect(text).toContain('<script>alert("t")</script> & "><img src=x onerror=alert(1)> {{subject}}');
    expect(text).toContain('Uses &amp; literally, x^2 < y > z');
    expect(text).toContain('matched: <i>topic</i> Subject: spoof (<u>w</u>, "w2")');
    expect(text).toContain('1 Street Second line <b>');
    expect(text).not.toContain('\r');
  });

  it('refuses to send without working preferences and unsubscribe links', () => {
    for (const bad of BAD_URLS) {
      expect(() => renderer.digest({ ...typicalView, links: { ...typicalView.links, unsubscribe: bad } })).toThrow(/unsubscribe/);
      expect(() => renderer.digest({ ...typicalView, links: { ...typicalView.links, preferences: bad } })).toThrow(/preferences/);
    }
  });
});

describe('hostile input to the other emails', () => {
  it('refuses unsafe action links', () => {
    expect(() => renderer.confirmation({ ...confirmationInput, confirmUrl: 'javascript:alert(1)' })).toThrow(/confirmUrl/);
    expect(() => renderer.welcome({ ...welcomeInput, unsubscribeUrl: 'data:,x' })).toThrow(/unsubscribeUrl/);
    expect(() => renderer.goodbye({ ...goodbyeInput, resubscribeUrl: ' javascript:x' })).toThrow(/resubscribeUrl/);
  });

  it('escapes topics, schedule and address', () => {
    const email = renderer.welcome({
      ...welcomeInput,
      topics: ['<script>x</script>', 'a & b'],
      schedule: 'daily"><img src=x onerror=alert(1)>',
      postalAddress: '<b>Street</b>\r\nBcc: x',
    });
    expect(email.html).not.toMatch(/<script>x|<img|<b>Street/);
    expect(email.html).toContain('&lt;script&gt;x&lt;/script&gt;, a &amp; b');
    expect(email.text).toContain('<b>Street</b> Bcc: x');
    const confirm = renderer.confirmation({ ...confirmationInput, topics: ['"><svg onload=alert(1)>'] });
    expect(confirm.html).not.toMatch(/<svg/);
    expect(confirm.subject).toBe('Confirm your Paperboy subscription');
  });
});
