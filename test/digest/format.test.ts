import { describe, expect, it } from 'vitest';
import { digestSubject, formatDate, safeHttpUrl, SUBJECT_MAX, trimAbstract } from '../../src/digest/format.js';

const SENTENCES =
  'Large language models can follow instructions. However, they often fail at multi-step arithmetic, e.g. when numbers exceed 10^6. ' +
  'We introduce a scratchpad method that improves accuracy by 20 points on GSM8K. ' +
  'Our analysis (Fig. 3) shows the gains come from fewer carry errors. ' +
  'Finally, we discuss limitations and release all code, data and prompts to the community.';

describe('trimAbstract', () => {
  it('shows TeX as TeX prints it: math delimiters and font commands go, symbols become characters', () => {
    expect(trimAbstract('We sort in $O(n \\log n)$ time with \\emph{soft} swaps and an $\\epsilon$-net.')).toBe('We sort in O(n log n) time with soft swaps and an ε-net.');
    // A command it does not know keeps its name, whatever the name.
    expect(trimAbstract('A \\constructor and a \\toString.')).toBe('A constructor and a toString.');
    // As the sample pages have it: old-style font switches and a template's abbreviation macros.
    expect(trimAbstract('It shrinks the model {\\em while keeping the accuracy} of global features (\\ie, scales).')).toBe('It shrinks the model while keeping the accuracy of global features (i.e., scales).');
  });

  it('keeps a short abstract whole, whitespace tidied', () => {
    expect(trimAbstract('  A short\n\nabstract.  ')).toBe('A short abstract.');
  });

  it('cuts at the sentence end nearest 300 characters and marks the cut', () => {
    const out = trimAbstract(SENTENCES);
    expect(out).toBe(
      'Large language models can follow instructions. However, they often fail at multi-step arithmetic, e.g. when numbers exceed 10^6. ' +
        'We introduce a scratchpad method that improves accuracy by 20 points on GSM8K. ' +
        'Our analysis (Fig. 3) shows the gains come from fewer carry errors. …',
    );
  });

  it('does not treat "e.g." or "Fig." as sentence ends', () => {
    const out = trimAbstract(SENTENCES, 110);
    expect(out.endsWith('e.g. …')).toBe(false);
    expect(out).not.toMatch(/Fig\. …$/);
  });

  it('never cuts inside a word when there is no sentence end nearby', () => {
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    const out = trimAbstract(words);
    expect(out.endsWith('…')).toBe(true);
    const body = out.slice(0, -1);
    expect(body.length).toBeLessThanOrEqual(300);
    expect(words.startsWith(`${body} `)).toBe(true); // ends exactly at a word boundary
  });

  const MAGNITUDES =
    'We consider the training of the first layer of vision models and notice the clear relationship between pixel values and gradient update magnitudes: ' +
    'the gradients arriving at the weights of a first layer are by definition directly proportional to (normalized) input pixel values. ' +
    'Thus, an image with low contrast has a smaller impact on learning than an image with higher contrast.';

  it('cuts a first sentence that is too long at a clause end, not after a dangling word ("…magnitudes: the…")', () => {
    expect(trimAbstract(MAGNITUDES, 160)).toBe(
      'We consider the training of the first layer of vision models and notice the clear relationship between pixel values and gradient update magnitudes…',
    );
    expect(trimAbstract(MAGNITUDES, 300)).toBe(MAGNITUDES.slice(0, MAGNITUDES.indexOf(' Thus')) + ' …');
  });

  it('without a clause end, cuts at a word and drops a dangling "the", "of" or "and"', () => {
    const out = trimAbstract('Sparse attention makes long context cheap for models of the ' + 'many words in sequence '.repeat(10), 60);
    expect(out).toBe('Sparse attention makes long context cheap for models…');
  });

  it('cuts at a sentence end even well before the target rather than inside the next sentence', () => {
    const text = `We propose a new method. ${'It works on many benchmarks and beats every baseline by a wide margin '.repeat(6)}indeed.`;
    expect(trimAbstract(text)).toBe('We propose a new method. …');
  });

  it("goes on past a short opening line to the next sentence end, within half again the target", () => {
    // SDXS's abstract: its first sentence (100 characters) is the field's, the second (ending at
    // 339) is the paper's; the excerpt showed the first alone.
    const opening = 'Recent advancements in diffusion models have positioned them at the forefront of image generation.';
    const second = ' Despite their superior performance, diffusion models are not without drawbacks; they are characterized by complex architectures and substantial computational demands, resulting in significant latency due to their iterative sampling process.';
    const text = `${opening}${second} To mitigate these limitations, we introduce a dual approach involving model miniaturization and a reduction in sampling steps.`;
    expect(trimAbstract(text)).toBe(`${opening}${second} …`);
    // Past half again the target, the short line stays the excerpt rather than a cut inside a sentence.
    expect(trimAbstract(`${opening} ${'It works on many benchmarks and beats every baseline by a wide margin '.repeat(6)}indeed. More.`)).toBe(`${opening} …`);
  });

  it('does not end a sentence at "et al.", "Fig. 3", "e.g. BERT", "vs. GPT" or a decimal', () => {
    const text =
      'Prior work (Smith et al. 2023) fails on long inputs, see Fig. 3 and Eq. (2) for models such as e.g. BERT vs. GPT with 0.5 B parameters. ' +
      'We fix this with a retrieval step that keeps the cost linear in the length of the input and the memory constant. More text follows here and goes on for a while.';
    expect(trimAbstract(text, 130)).toBe(text.slice(0, text.indexOf(' We fix')) + ' …');
  });

  it('bounds a single enormous token', () => {
    expect(trimAbstract('x'.repeat(5000))).toHaveLength(301);
  });
});

describe('digestSubject', () => {
  it('counts papers, names two topics and the date', () => {
    expect(digestSubject(5, ['diffusion models', 'LLMs'], 'Mon 3 Mar')).toBe('5 new papers on diffusion models, LLMs · Mon 3 Mar');
    expect(digestSubject(1, ['LLMs'], 'Mon 3 Mar')).toBe('1 new paper on LLMs · Mon 3 Mar');
    expect(digestSubject(0, ['LLMs'], 'Mon 3 Mar')).toBe('No new papers on LLMs · Mon 3 Mar');
    expect(digestSubject(3, [], 'Mon 3 Mar')).toBe('3 new papers · Mon 3 Mar');
    // A topic with an "and" of its own is kept apart from what liked papers brought; without topics, they are all it has.
    expect(digestSubject(10, ['Retrieval and search'], 'Fri 4 Dec', 0, 'like the ones you named')).toBe('10 new papers on Retrieval and search, and papers like the ones you named · Fri 4 Dec');
    expect(digestSubject(0, [], 'Fri 4 Dec', 10, 'like the ones you named')).toBe('10 older papers like the ones you named · Fri 4 Dec');
  });

  it('names the first two of many topics and counts the rest', () => {
    expect(digestSubject(12, ['a', 'b', 'c', 'd'], 'Mon 3 Mar')).toBe('12 new papers on a, b +2 more · Mon 3 Mar');
    expect(digestSubject(1, ['a'], 'Mon 3 Mar', 1)).toBe('1 new + 1 older paper on a · Mon 3 Mar');
    expect(digestSubject(3, ['a'], 'Mon 3 Mar', 2)).toBe('3 new + 2 older papers on a · Mon 3 Mar');
    expect(digestSubject(3, ['a very long topic name that goes on and on about molecules and graphs'], 'Mon 3 Mar', 7, 'like the ones you named').length).toBeLessThanOrEqual(90);
  });

  it('stays under the length limit with long topics, on one line', () => {
    const long = ['reinforcement learning from human feedback for dialogue agents', 'mechanistic interpretability of transformers', 'x'];
    const subject = digestSubject(1234, long, 'Wed 31 Dec');
    expect(subject.length).toBeLessThanOrEqual(SUBJECT_MAX);
    expect(subject).toMatch(/^1,234 new papers on reinforcement learning .*… \+2 more · Wed 31 Dec$/);
    expect(digestSubject(2, ['LLMs\r\nBcc: x@example.org'], 'Mon 3 Mar')).toBe('2 new papers on LLMs Bcc: x@example.org · Mon 3 Mar');
    // A topic of a few words is named whole rather than cut to its first word ("Reinforcement…").
    expect(digestSubject(0, ['Reinforcement learning', 'Robotics'], 'week of 30 Nov – 6 Dec', 5, 'like the ones you marked')).toBe(
      '5 older papers on Reinforcement learning +1 more, and papers like the ones you marked · week of 30 Nov – 6 Dec',
    );
  });
});

describe('formatDate', () => {
  const date = new Date('2026-03-02T23:30:00Z');
  it('formats in the reader time zone', () => {
    expect(formatDate(date, 'Europe/Berlin', 'short')).toBe('Tue 3 Mar');
    expect(formatDate(date, 'America/New_York', 'short')).toBe('Mon 2 Mar');
    expect(formatDate(date, 'Europe/Berlin', 'long')).toBe('Tuesday 3 March 2026');
    expect(formatDate(date, 'Europe/Berlin', 'day')).toBe('3 Mar 2026');
  });

  it('falls back to UTC for an unknown zone', () => {
    expect(formatDate(date, 'Mars/Olympus_Mons', 'short')).toBe('Mon 2 Mar');
  });
});

describe('safeHttpUrl', () => {
  it('accepts absolute http(s) URLs only', () => {
    expect(safeHttpUrl('https://example.org/a b')).toBe('https://example.org/a%20b');
    expect(safeHttpUrl('http://example.org')).toBe('http://example.org/');
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:x', '\tjava\nscript:x', 'data:,x', 'mailto:a@b', '/x', '//x.org', 'https://u:p@x.org', '', null]) {
      expect(safeHttpUrl(bad)).toBeNull();
    }
  });
});
