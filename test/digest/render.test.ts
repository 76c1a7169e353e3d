import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeDigest } from '../../src/digest/compose.js';
import { createRenderer, type Renderer } from '../../src/digest/render.js';
import {
  confirmationInput,
  emptyView,
  goodbyeInput,
  typicalView,
  weeklyOlderView,
  welcomeInput,
} from '../../testkit/digest-views.js';
import { expectGolden } from './golden.js';
import { TEMPLATES_DIR } from './templates-dir.js';
import { parseStoredContent } from '../../src/delivery/content.js';

let renderer: Renderer;
beforeAll(async () => {
  renderer = await createRenderer({ templatesDir: TEMPLATES_DIR });
});

describe('golden emails', () => {
  const cases = {
    'digest-typical': () => renderer.digest(typicalView),
    'digest-empty': () => renderer.digest(emptyView),
    'digest-weekly-older': () => renderer.digest(weeklyOlderView),
    confirmation: () => renderer.confirmation(confirmationInput),
    welcome: () => renderer.welcome(welcomeInput),
    goodbye: () => renderer.goodbye(goodbyeInput),
  };
  for (const [name, render] of Object.entries(cases)) {
    it(`${name} matches its golden HTML, text and subject`, () => {
      const email = render();
      expectGolden(`${name}.html`, email.html);
      expectGolden(`${name}.txt`, `Subject: ${email.subject}\n\n${email.text}`);
    });
  }
});

describe('digest content', () => {
  it('says what is inside in the subject, in the reader time zone', () => {
    // 23:30 UTC on 2 March is already Tuesday 3 March in Berlin.
    expect(renderer.digest(typicalView).subject).toBe('3 new papers on diffusion models, LLMs +1 more · Tue 3 Mar');
  });

  it('shows each paper with its links, authors, date, trimmed abstract and reasons', () => {
    const { html, text } = renderer.digest(typicalView);
    // The title goes to the arXiv abstract; PDF, Hugging Face and code follow.
    expect(html).toContain('<a href="https://arxiv.org/abs/2603.01234" style="color:#1459c7;font-size:17px;font-weight:600;line-height:1.35;text-decoration:none">Denoising Diffusion');
    expect(html).toContain(
      '<p class="pb-links"><a href="https://arxiv.org/pdf/2603.01234">PDF</a> · <a href="https://huggingface.co/papers/2603.01234">Hugging Face</a> · <a href="https://github.com/example/diffusion-planner">Code</a></p>',
    );
    expect(html).toContain('>A. Lovelace, A. Turing + 5 · 2 Mar 2026 · 42 upvotes<'); // names known, 7 authors in all
    expect(html).toContain('>1 author · 2 Mar 2026<'); // no names: the count; no "0 upvotes"
    expect(html).toContain('>J.-B. Alayrac, L. van der Maaten + 10 · 2 Mar 2026<');
    expect(html).toContain('matched: <b>diffusion models</b> (denoising)');
    expect(html).not.toContain('release code and checkpoints'); // cut after ~300 characters
    expect(text).toContain(
      [
        '1. Denoising Diffusion Models Are Secretly Good Planners',
        '   A. Lovelace, A. Turing + 5 · 2 Mar 2026 · 42 upvotes',
        '   arXiv: https://arxiv.org/abs/2603.01234',
        '   PDF: https://arxiv.org/pdf/2603.01234',
        '   Hugging Face: https://huggingface.co/papers/2603.01234',
        '   Code: https://github.com/example/diffusion-planner',
      ].join('\n'),
    );
    expect(text).toContain('   matched: diffusion models (denoising)');
  });

  it('offers a search, labelled as one, only for a paper without an arXiv id', () => {
    const { html, text } = renderer.digest(typicalView);
    const search = 'https://arxiv.org/search/?query&#x3D;Learning%20Dexterous%20Manipulation%20from%20a%20Single%20Human%20Video&amp;searchtype&#x3D;title';
    // Its title is not a link (it would pass a search off as the paper); the search says what it is.
    expect(html).toContain('<span style="font-size:17px;font-weight:600;line-height:1.35">Learning Dexterous Manipulation from a Single Human Video</span>');
    expect(html).toContain(`<p class="pb-links"><a href="${search}">Search arXiv for this title</a></p>`);
    expect(text).toContain('   Search arXiv for this title: https://arxiv.org/search/?query=Learning%20Dexterous');
    expect(html.match(/arxiv\.org\/search/g)).toHaveLength(1);
    expect(text.match(/arxiv\.org\/search/g)).toHaveLength(1);
  });

  it('shows why a paper is trending', () => {
    const { html, text } = renderer.digest(typicalView);
    // In HTML each part stays on one line at 390 px (no-break spaces inside, ordinary ones around " · ").
    expect(html).toContain('>Why trending: 1,234\u00a0upvotes · listed\u00a03\u00a0times · last\u00a0listed\u00a02\u00a0Mar\u00a02026<');
    expect(text).toContain('   Why trending: 1,234 upvotes · listed 3 times · last listed 2 Mar 2026\n');
  });

  it('never counts old work as new: it follows the new papers under its own heading', () => {
    const { subject, html, text } = renderer.digest(weeklyOlderView);
    expect(subject).toBe('1 new + 2 older papers on diffusion models, LLMs · week of 30 Nov – 6 Dec');
    expect(html).toContain('>1 new paper on your topics, and 2 older ones new to you</h1>');
    expect(html).toContain('>Older papers, new to you</h2>');
    expect(html.indexOf('>Denoising Diffusion Models Are Secretly Good Planners</a>')).toBeLessThan(html.indexOf('Older papers, new to you'));
    expect(html.indexOf('Older papers, new to you')).toBeLessThan(html.indexOf('>Attention Is All You Need</a>'));
    expect(text).toContain('Older papers, new to you\nPublished (or first listed) more than 30 days before this digest, so not\nnews.\n\n2. Attention Is All You Need\n   A. Vaswani, N. Shazeer + 6 · 12 Jun 2017\n');
    const onlyOld = renderer.digest({ ...weeklyOlderView, papers: weeklyOlderView.papers.slice(1) });
    expect(onlyOld.subject).toBe('2 older papers on LLMs · week of 30 Nov – 6 Dec');
    expect(onlyOld.html).toContain('>No new papers for you this week; 2 older papers new to you</h1>');
    // A paper of a page that showed no date is older work for want of a date: the note says so.
    const undated = renderer.digest({ ...weeklyOlderView, papers: weeklyOlderView.papers.map((paper) => (paper.older ? { ...paper, publishedAt: null } : paper)) });
    expect(undated.text).toContain('Published (or first listed) more than 30 days before this digest, or\nwith no date to show it is recent, so not news.');
  });

  it('names first, in the subject, the topic of the most new papers, then of the most papers', () => {
    const reversed = renderer.digest({ ...weeklyOlderView, topics: [...weeklyOlderView.topics].reverse() });
    expect(reversed.subject).toBe('1 new + 2 older papers on diffusion models, LLMs · week of 30 Nov – 6 Dec');
    // One new paper on each topic, and the older ones on LLMs: a subject with room for one topic
    // names LLMs, which most of the digest is on, not the first paper's.
    const [first, ...older] = weeklyOlderView.papers;
    const second = { ...first!, title: 'A New LLM Paper', reasons: [{ topic: 'LLMs', words: ['LLM'] }] };
    const long = 'diffusion models for protein structure prediction at atomic resolution';
    const crowded = renderer.digest({
      ...weeklyOlderView,
      topics: [long, 'LLMs'],
      papers: [{ ...first!, reasons: [{ topic: long, words: ['diffusion'] }] }, second, ...older],
    });
    expect(crowded.subject).toMatch(/^2 new \+ 2 older papers on LLMs \+1 more · /);
  });

  it('names the words a paper with only part of its topic matched, though they are the topic\'s own', () => {
    const [first, ...rest] = typicalView.papers;
    const part = renderer.digest({ ...typicalView, topics: ['LLM agents'], papers: [{ ...first!, reasons: [{ topic: 'LLM agents', words: ['agents'], partial: true }] }, ...rest] });
    expect(part.text).toContain('   matched: LLM agents (only agents)');
    expect(part.html).toContain('matched: <b>LLM agents</b> (only agents)');
    // A paper with the whole topic: nothing the name does not say.
    const whole = renderer.digest({ ...typicalView, topics: ['LLM agents'], papers: [{ ...first!, reasons: [{ topic: 'LLM agents', words: ['LLM agents'] }] }, ...rest] });
    expect(whole.text).toMatch(/ {3}matched: LLM agents\n/);
  });

  it('names the topics that brought no paper, under the topics, at most three by name', () => {
    // typicalView's papers match all three topics: nothing to say.
    expect(renderer.digest(typicalView).text).not.toMatch(/No papers today on/);
    const quiet = renderer.digest(weeklyOlderView);
    expect(quiet.text).toContain('Your topics: diffusion models · LLMs · robot learning\nNo papers this week on robot learning.\n');
    expect(quiet.html).toContain('>No papers this week on robot learning.</p>');
    // A paper brought by the reader's feedback ("like X") names no topic of theirs.
    const first = typicalView.papers[0]!;
    const many = {
      ...typicalView,
      topics: ['diffusion models', 'protein folding', 'robot grasping', 'graph neural networks', 'speech'],
      papers: [first, { ...first, title: 'Liked-alike', reasons: [{ topic: 'A Paper They Like', words: ['which you like'], kind: 'like' as const }] }],
    };
    expect(renderer.digest(many).text).toContain('No papers today on protein folding, robot grasping, graph neural networks or 1 other topic.');
    // …and the subject names only the topic that brought papers, and what brought the other one.
    expect(renderer.digest(many).subject).toBe('2 new papers on diffusion models, and papers like the ones you named · Tue 3 Mar');
    // Counts agree with their noun.
    expect(renderer.digest({ ...many, papers: [first] }).subject).toBe('1 new paper on diffusion models · Tue 3 Mar');
    // An empty digest says so already.
    expect(renderer.digest(emptyView).text).not.toMatch(/No papers today on/);
  });

  it('does not say a topic had no papers when the digest had fewer places than topics', () => {
    // Eight topics in five places: select.ts gives every topic a place only when there are enough,
    // so a quiet topic may have had papers that others' left no room for.
    const first = typicalView.papers[0]!;
    const crowded = { ...typicalView, topics: ['diffusion models', 'vision transformers'], places: 1, papers: [first] };
    const text = renderer.digest(crowded).text;
    expect(text).not.toMatch(/No papers today/);
    expect(text).toContain("Nothing on vision transformers in today's 1 paper, fewer than your 2 topics.");
    expect(renderer.digest({ ...crowded, places: 10 }).text).toContain('No papers today on vision transformers.');
  });

  it('names a reader\'s topic of up to 40 characters whole in a reason', () => {
    const first = typicalView.papers[0]!;
    const topic = 'graph neural networks for molecules';
    const view = { ...typicalView, topics: [topic], papers: [{ ...first, reasons: [{ topic, words: ['molecular graphs'] }] }] };
    expect(renderer.digest(view).text).toContain(`${topic} (molecular graphs)`);
  });

  it('does not repeat the topic as the words it matched', () => {
    // A reader of "protein folding" read "matched: protein folding (Protein Folding)".
    const first = typicalView.papers[0]!;
    const reasons = [
      { topic: 'protein folding', words: ['Protein Folding'] },
      { topic: 'LLM agents', words: ['LLM-agents', 'tool use'] },
    ];
    const { text, html } = renderer.digest({ ...typicalView, topics: ['protein folding', 'LLM agents'], papers: [{ ...first, reasons }] });
    expect(text).toContain('matched: protein folding · LLM agents (tool use)\n');
    expect(html).toContain('matched: <b>protein folding</b> · <b>LLM agents</b> (tool use)</p>');
    expect(text).not.toContain('(Protein Folding)');
  });

  it('names the topic\'s words when the paper has them only apart, and the web view keeps them', () => {
    // A paper that says "long-term" and, elsewhere, "in this context" read "matched: long context".
    const first = typicalView.papers[0]!;
    const reasons = [{ topic: 'long context', words: ['long', 'context'], apart: true as const }];
    const { text, html } = renderer.digest({ ...typicalView, topics: ['long context'], papers: [{ ...first, reasons }] });
    expect(text).toContain('matched: long context (long, context)');
    expect(html).toContain('matched: <b>long context</b> (long, context)</p>');
    expect(parseStoredContent([{ paperId: 1, score: 1, reasons, trending: false }])[0]!.reasons[0]).toEqual(reasons[0]);
  });

  it('names no part of the topic as a word it matched, and a matched phrase of a few words whole', () => {
    // "Large language models (Language Models, perplexity, large)"; "(…, Deep Reinforcement…, …)".
    const first = typicalView.papers[0]!;
    const reasons = [
      { topic: 'Large language models', words: ['Language Models', 'perplexity', 'large', 'LLM'] },
      { topic: 'Reinforcement learning', words: ['Bellman Equation', 'policy gradient', 'Deep Reinforcement learning', 'agent', 'reward'] },
    ];
    const { text } = renderer.digest({ ...typicalView, topics: ['Large language models', 'Reinforcement learning'], papers: [{ ...first, reasons }] });
    expect(text).toContain('matched: Large language models (perplexity, LLM) · Reinforcement learning (Bellman Equation, policy gradient, Deep Reinforcement learning, …)');
  });

  it('sets trending apart, at most three', () => {
    const many = { ...typicalView, trending: Array.from({ length: 5 }, (_, i) => ({ ...typicalView.papers[0]!, title: `Trend ${i}` })) };
    const { html, text } = renderer.digest(many);
    expect(html).toContain('Trending today');
    expect(html).toContain('Trend 2');
    expect(html).not.toContain('Trend 3');
    expect(text).toContain('Trending today (popular papers outside your topics)');
    expect(renderer.digest({ ...typicalView, trending: [] }).html).not.toContain('Trending today');
  });

  it('says since when a daily digest\'s trending papers were listed, when not on its day', () => {
    // A Saturday 5 December digest showed "Trending today" over "last listed 4 Dec 2026".
    const trend = (listedOn: string) => ({ ...typicalView.papers[0]!, title: `Listed ${listedOn}`, reasons: [{ topic: 'trending', words: ['15 upvotes', `last listed ${listedOn}`], listedOn }] });
    expect(renderer.digest({ ...typicalView, trending: [trend('2026-03-03')] }).text).toContain('Trending today (popular papers outside your topics)');
    expect(renderer.digest({ ...typicalView, trending: [trend('2026-03-03'), trend('2026-03-02')] }).text).toContain('Trending since Mon 2 Mar (popular papers outside your topics)');
  });

  it('does not speak of "your topics" to a reader who follows none, only papers they named', () => {
    const liked = { topic: 'Attention Is All You Need', words: ['which you like'], kind: 'like' as const };
    const likeOnly = { ...typicalView, topics: [], papers: typicalView.papers.slice(0, 2).map((paper) => ({ ...paper, reasons: [liked] })) };
    const { html, text, subject } = renderer.digest(likeOnly);
    expect(subject).toBe('2 new papers like the ones you named · Tue 3 Mar');
    expect(text).toContain('\n2 new papers like the ones you named\n');
    expect(html).toContain('>2 new papers like the ones you named<');
    expect(text).toContain('Trending today (popular papers beyond the ones you named)');
    expect(html).toContain('>Popular papers beyond the ones you named<');
    for (const part of [html, text]) expect(part).not.toMatch(/your topics/i);
    // One paper named is "the paper you named", with topics or without.
    const one = renderer.digest({ ...likeOnly, likedPapers: 1 });
    expect(one.subject).toBe('2 new papers like the paper you named · Tue 3 Mar');
    expect(one.text).toContain('Trending today (popular papers beyond the paper you named)');
    const withTopic = { ...likeOnly, likedPapers: 1, topics: ['diffusion models'], papers: [typicalView.papers[0]!, likeOnly.papers[1]!] };
    expect(renderer.digest(withTopic).subject).toBe('2 new papers on diffusion models, and papers like the paper you named · Tue 3 Mar');
  });

  it('names the further topics a paper matched instead of "+1 more"', () => {
    const [first] = typicalView.papers;
    const reasons = ['diffusion models', 'LLMs', 'protein folding'].map((topic) => ({ topic, words: [topic] }));
    const { text, html } = renderer.digest({ ...typicalView, papers: [{ ...first!, reasons }] });
    expect(text).toContain('matched: diffusion models · LLMs · also protein folding');
    expect(html).toContain('also protein folding');
    expect(text).not.toContain('+1 more');
  });

  it('does not say "on your topics" of papers the reader\'s marks brought', () => {
    const marked = { topic: 'A Paper They Marked', words: ['which you marked'], kind: 'like' as const };
    const [topical, other] = typicalView.papers;
    const headline = (papers: typeof typicalView.papers) => renderer.digest({ ...typicalView, papers }).text.split('\n').find((line) => /^\d+ new papers? /.test(line));
    // One paper marked brought them: "a paper you marked" ("the ones" read as a slip after a single mark).
    expect(headline([{ ...other!, reasons: [marked] }])).toBe('1 new paper like a paper you marked');
    expect(headline([topical!, { ...other!, reasons: [marked] }])).toBe('2 new papers on your topics and like a paper you marked');
    const another = { ...marked, topic: 'Another Paper They Marked' };
    expect(headline([{ ...topical!, reasons: [another] }, { ...other!, reasons: [marked] }])).toBe('2 new papers like the ones you marked');
    expect(headline([topical!, { ...other!, reasons: [marked, ...other!.reasons] }])).toBe('2 new papers on your topics');
  });

  it('says in the footer that papers come from what the reader liked, when some did', () => {
    const liked = { topic: 'Attention Is All You Need', words: ['which you like'], kind: 'like' as const };
    const footer = (papers: typeof typicalView.papers, topics = ['retrieval']) =>
      renderer.digest(composeDigest({ ...typicalView, topics, papers, trending: [], subscribedAt: null, publicUrl: 'https://papers.example.org' })).text.replace(/\s+/g, ' ');
    const [topical, other] = typicalView.papers;
    expect(footer([topical!, { ...other!, reasons: [liked] }])).toContain('subscribed at papers.example.org to papers on retrieval and papers like those you named.');
    // A reader who only marked a paper "more like this" liked nothing by name.
    const marked = { topic: 'Attention Is All You Need', words: ['which you marked'], kind: 'like' as const };
    expect(footer([topical!, { ...other!, reasons: [marked] }])).toContain('to papers on retrieval and papers like those you marked.');
    expect(footer([{ ...topical!, reasons: [liked] }, { ...other!, reasons: [marked] }])).toContain('to papers on retrieval and papers like those you named or marked.');
    expect(footer([topical!])).toContain('subscribed at papers.example.org to papers on retrieval.');
    expect(footer([{ ...other!, reasons: [liked] }], [])).toContain('subscribed at papers.example.org to papers like the ones you named.');
  });

  it('keeps a card\'s plain-text lines under its title from paper 10 on', () => {
    const ten = { ...typicalView, papers: Array.from({ length: 10 }, (_, i) => ({ ...typicalView.papers[0]!, title: `Paper ${i + 1}` })) };
    const { text } = renderer.digest(ten);
    expect(text).toContain('\n9. Paper 9\n   A. Lovelace, A. Turing + 5 · 2 Mar 2026 · 42 upvotes\n   arXiv: https://arxiv.org/abs/2603.01234\n');
    const tenth = text.slice(text.indexOf('\n10. Paper 10\n') + 1).split('\n\n------')[0]!;
    expect(tenth.split('\n')[1]).toBe('    A. Lovelace, A. Turing + 5 · 2 Mar 2026 · 42 upvotes');
    // Every line of the card, the wrapped abstract and the links included, starts under "Paper 10".
    for (const line of tenth.split('\n').slice(1).filter(Boolean)) expect(line).toMatch(/^ {4}\S/);
  });

  it('has a preheader naming the first titles, and the footer links', () => {
    const { html, text } = renderer.digest(typicalView);
    expect(html).toMatch(/display:none[^>]*>Denoising Diffusion Models Are Secretly Good Planners · Scaling Laws/);
    for (const url of ['https://papers.example.org/preferences?token&#x3D;abc123', 'https://papers.example.org/unsubscribe?token&#x3D;abc123&amp;list&#x3D;daily']) {
      expect(html).toContain(`href="${url}"`);
    }
    expect(html).toContain('Paperboy, 1 Example Street, 10115 Berlin, Germany');
    expect(text).toContain('Unsubscribe: https://papers.example.org/unsubscribe?token=abc123&list=daily');
    expect(text).toContain('View in your browser: https://papers.example.org/digest/2026-03-03?token=abc123');
  });

  it('leaves out "view in browser" when there is no web view', () => {
    const { html, text } = renderer.digest(emptyView);
    expect(html).not.toContain('View in browser');
    expect(text).not.toContain('browser');
    expect(renderer.digest(emptyView).subject).toBe('No new papers on diffusion models, LLMs +1 more · Tue 3 Mar');
  });

  it('turns a clause or a sentence into one footer sentence', () => {
    expect(renderer.digest(typicalView).html).toContain('>You get this email because you subscribed on 3 March 2026 at papers.example.org.<');
    const sentence = renderer.digest({ ...typicalView, reason: 'You get this because you subscribed at papers.example.org.' });
    expect(sentence.html).toContain('>You get this because you subscribed at papers.example.org.<');
  });
});

describe('other emails', () => {
  it('confirmation has a confirm button and says when the link expires', () => {
    const email = renderer.confirmation(confirmationInput);
    expect(email.subject).toBe('Confirm your Paperboy subscription');
    expect(email.html).toContain('href="https://papers.example.org/confirm?token&#x3D;c0nf1rm&amp;x&#x3D;1"');
    expect(email.html).toContain('Confirm subscription');
    expect(email.text).toContain('expires in 2 days');
    expect(renderer.confirmation({ ...confirmationInput, expiresInHours: 1 }).text).toContain('expires in 1 hour.');
  });

  it('welcome says what and when, with manage and unsubscribe links', () => {
    const email = renderer.welcome(welcomeInput);
    expect(email.text).toContain('diffusion models, LLMs');
    expect(email.text).toContain('every day at 07:00 (Europe/Berlin)');
    expect(email.html).toContain('href="https://papers.example.org/preferences?token&#x3D;abc123"');
    expect(email.html).toContain('href="https://papers.example.org/unsubscribe?token&#x3D;abc123"');
  });

  it('welcome names the papers a reader liked beside their topics', () => {
    const both = renderer.welcome({ ...welcomeInput, likedPapers: 1 });
    expect(both.text).toContain('diffusion models, LLMs\nand papers like the one you named,\n');
    // One paper named is one paper all through: "like the one you named … are like the papers you named" read as a slip.
    expect(both.text).toMatch(/new papers that match your topics or are like the\s+paper you named,/);
    expect(renderer.welcome({ ...welcomeInput, likedPapers: 2 }).text).toMatch(/are like the\s+papers you named,/);
    expect(renderer.welcome(welcomeInput).text).not.toContain('named');
  });

  it("welcome promises a weekly reader the week's trending papers, not the day's", () => {
    // A weekly digest's section is "Trending this week"; the welcome said "trending that day" to everyone.
    expect(renderer.welcome(welcomeInput).text).toMatch(/plus, when there are some, a few papers\s+trending that\s+day\./);
    const weekly = renderer.welcome({ ...welcomeInput, schedule: 'every Monday at 07:00 (Europe/Berlin)', weekly: true });
    for (const part of [weekly.text, weekly.html]) {
      expect(part).toMatch(/plus, when there are some, a few papers\s+trending that\s+week\./);
      expect(part).not.toMatch(/trending that\s+day/);
    }
  });

  it('goodbye offers a way back', () => {
    const email = renderer.goodbye(goodbyeInput);
    expect(email.html).toContain('href="https://papers.example.org/subscribe?email&#x3D;reader%40example.org"');
    expect(email.text).toContain('https://papers.example.org/subscribe?email=reader%40example.org');
    // The link opens a page with the button, so no wording promises "one click".
    for (const part of [email.html, email.text]) expect(part).not.toMatch(/one click/i);
    expect(email.text).toContain('Changed your mind? Resubscribe here, with your topics as they were:');
  });
});

describe('every email', () => {
  const all = () => [
    renderer.digest(typicalView),
    renderer.confirmation(confirmationInput),
    renderer.welcome(welcomeInput),
    renderer.goodbye(goodbyeInput),
  ];

  it('has no script, external CSS, remote fonts or images', () => {
    for (const { html } of all()) {
      expect(html).not.toMatch(/<script|<link|@import|fonts\.googleapis|<img/i);
      expect(html).toContain('prefers-color-scheme: dark');
      expect(html).toContain('<meta name="color-scheme" content="light dark">');
      expect(html).not.toMatch(/\{\{|\}\}/); // every placeholder was filled
    }
  });

  it('only links to http(s) URLs', () => {
    for (const { html } of all()) {
      for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^https?:\/\//);
    }
  });

  it('renders synchronously', () => {
    expect(renderer.digest(typicalView)).not.toBeInstanceOf(Promise);
  });

  it('rejects a templates directory without the templates', async () => {
    await expect(createRenderer({ templatesDir: path.join(TEMPLATES_DIR, 'missing') })).rejects.toThrow(/ENOENT/);
  });
});
