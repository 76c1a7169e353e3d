// The BibTeX reader (what Zotero, Mendeley and Google Scholar export) and paper references.
import { describe, expect, it } from 'vitest';
import { BibtexError, likedFromBibtex, linesOutsideBibtex, looksLikeBibtex, parseBibtex, texToText } from '../../src/subscriptions/bibtex.js';
import { isLink, parsePaperRef } from '../../src/subscriptions/paper-ref.js';

const ZOTERO = `
@comment{jabref-meta: databaseType:bibtex;}
@string{neurips = "Advances in Neural Information Processing Systems"}

@article{ho_denoising_2020,
	title = {Denoising {Diffusion} {Probabilistic} {Models}},
	url = {http://arxiv.org/abs/2006.11239},
	abstract = {We present high quality image synthesis results using diffusion probabilistic models, a class of latent variable models inspired by considerations from nonequilibrium thermodynamics.},
	journal = {arXiv:2006.11239 [cs, stat]},
	author = {Ho, Jonathan and Jain, Ajay and Abbeel, Pieter},
	year = {2020},
}

@inproceedings{vaswani2017attention,
  title="Attention Is All You Need",
  booktitle=neurips,
  pages={5998--6008},
  year=2017,
  note = "Sch{\\"o}lkopf said \\emph{so} -- 100\\% \\& more"
}

@misc{chen2024,
  title = {Something {\\&} Else: A {{Nested}} Title},
  eprint = {2401.01234v2},
  archivePrefix = {arXiv},
}
@article{no_title, author = {Nobody}}
`;

describe('BibTeX', () => {
  it('reads entries with braces, quotes, numbers, macros and comments', () => {
    const entries = parseBibtex(ZOTERO);
    expect(entries.map((e) => e.key)).toEqual(['ho_denoising_2020', 'vaswani2017attention', 'chen2024', 'no_title']);
    expect(entries[1]!.fields.booktitle).toBe('Advances in Neural Information Processing Systems');
    expect(entries[1]!.fields.year).toBe('2017');
    expect(entries[2]!.fields.title).toBe('Something {\\&} Else: A {{Nested}} Title');
  });

  it('keeps title, abstract and arXiv id of every entry with a title, TeX turned into text', () => {
    expect(likedFromBibtex(ZOTERO)).toEqual([
      {
        title: 'Denoising Diffusion Probabilistic Models',
        abstract: expect.stringMatching(/^We present high quality image synthesis/),
        arxivId: '2006.11239',
      },
      { title: 'Attention Is All You Need', abstract: '', arxivId: null },
      { title: 'Something & Else: A Nested Title', abstract: '', arxivId: '2401.01234' },
    ]);
    expect(texToText('Sch{\\"o}lkopf said \\emph{so} -- 100\\% \\& more')).toBe('Schölkopf said so – 100% & more');
  });

  it('keeps accented and special letters as the letters they are, so a title finds its corpus paper', () => {
    // Dropping the accent ("Schrodinger") gave another title key than the corpus's "Schrödinger".
    for (const [tex, text] of [
      ['Schr{\\"o}dinger Bridges', 'Schrödinger Bridges'],
      ['Schr\\"odinger', 'Schrödinger'],
      ['na\\"{\\i}ve Bayes', 'naïve Bayes'],
      ["{\\'E}tude des r\\'eseaux {\\`a} {\\c{c}}a", 'Étude des réseaux à ça'],
      ['{\\aa}ngstr{\\"o}m, {\\o}stergaard, Gro{\\ss}, Stra\\ss e, {\\L}ukasz', 'ångström, østergaard, Groß, Straße, Łukasz'],
      ['Erd\\H{o}s and Ho\\v{r}ava', 'Erdős and Hořava'],
      // Formatting commands keep their text: \textbf was read as the accent \t on "e" ("extbfBold").
      ['\\textbf{Bold} and \\textit{italic} \\url{https://x.org}', 'Bold and italic https://x.org'],
      ['$\\beta$-VAE and $\\alpha$-divergences', 'β-VAE and α-divergences'],
      ['one---two--three', 'one—two–three'],
    ]) {
      expect(texToText(tex!), tex).toBe(text);
    }
  });

  it('reads the arXiv id Zotero writes as "arXiv: ID" in the note, and a report number "arXiv:ID"', () => {
    // Zotero's arXiv importer kept "arXiv: 1706.03762" (a space after the colon) in Extra, exported
    // as the note; read without the space only, the entry was kept by its title alone and the page
    // asked the reader for the arXiv id they had just given.
    const bib = `@inproceedings{vaswani_attention_2017,
	title = {Attention is {All} you {Need}},
	author = {Vaswani, Ashish and Shazeer, Noam},
	year = {2017},
	note = {arXiv: 1706.03762},
}
@misc{ho_2020, title = {Denoising {Diffusion} {Probabilistic} {Models}}, publisher = {arXiv}, number = {arXiv:2006.11239}}
@misc{cites, title = {Unrelated}, note = {see the arXiv version}}`;
    expect(likedFromBibtex(bib).map((p) => [p.title, p.arxivId])).toEqual([
      ['Attention is All you Need', '1706.03762'],
      ['Denoising Diffusion Probabilistic Models', '2006.11239'],
      ['Unrelated', null],
    ]);
  });

  it('reads old-style arXiv ids (hep-th/9901001) from eprint and url fields', () => {
    const bib = `@article{a, title = {Branes}, eprint = {hep-th/9901001v2}, archivePrefix = {arXiv}}
      @article{b, title = {Algebraic Geometry}, url = {https://arxiv.org/abs/math.AG/0601001}}
      @article{c, title = {{}}, eprint = {2401.01234}, archivePrefix = {arXiv}}`;
    expect(likedFromBibtex(bib)).toEqual([
      { title: 'Branes', abstract: '', arxivId: 'hep-th/9901001' },
      { title: 'Algebraic Geometry', abstract: '', arxivId: 'math.AG/0601001' },
    ]);
  });

  it('reads an arXiv id from an eprint without archivePrefix, and from Mendeley\'s arxivId field', () => {
    // Both were left without an id: the paper was then liked by its title alone.
    const entries = likedFromBibtex(
      '@article{a, title={Bare Eprint}, eprint={2303.09769v2}}\n@article{b, title={Mendeley Id}, arxivId={2112.10752}}\n@article{c, title={PubMed Eprint}, eprint={31452104}}\n@article{d, title={HAL Eprint}, eprint={hal-01234567}}',
    );
    expect(entries.map((entry) => entry.arxivId)).toEqual(['2303.09769', '2112.10752', null, null]);
  });

  it('names the line of a broken entry', () => {
    expect(() => parseBibtex('@article{key,\n  title = {Unclosed\n}\n@article{x, title={y}')).toThrow(BibtexError);
    expect(() => parseBibtex('\n\n@article{key,\n  title {no equals}\n}')).toThrow(/line 4: the entry key is broken/);
  });

  it('gives back the lines typed around the entries, without comments or an export tool\'s notes', () => {
    const pasted = `Automatically generated by Mendeley Desktop 1.19.8\n% Encoding: UTF-8\nAttention Is All You Need\n${ZOTERO}\n2401.01234\n`;
    expect(linesOutsideBibtex(pasted)).toEqual(['Attention Is All You Need', '2401.01234']);
    expect(linesOutsideBibtex(ZOTERO)).toEqual([]);
  });

  it('tells BibTeX from a list of papers', () => {
    expect(looksLikeBibtex(ZOTERO)).toBe(true);
    expect(looksLikeBibtex('2401.01234\nAttention Is All You Need')).toBe(false);
  });
});

describe('paper references', () => {
  it('reads paper ids, arXiv ids and URLs, and falls back to a title', () => {
    expect(parsePaperRef('123')).toEqual({ kind: 'id', id: 123 });
    for (const text of ['2401.01234', '2401.01234v3', 'arXiv:2401.01234', 'https://arxiv.org/abs/2401.01234v2', 'https://arxiv.org/pdf/2401.01234.pdf', 'https://huggingface.co/papers/2401.01234', ' https://www.arxiv.org/abs/2401.01234?context=cs ']) {
      expect(parsePaperRef(text), text).toEqual({ kind: 'arxiv', arxivId: '2401.01234' });
    }
    expect(parsePaperRef('https://arxiv.org/abs/cs/0101001')).toEqual({ kind: 'arxiv', arxivId: 'cs/0101001' });
    // Typed without the scheme, as many do: an id, not a liked paper titled "arxiv.org/abs/…".
    for (const text of ['arxiv.org/abs/2401.01234', 'www.arxiv.org/pdf/2401.01234v2', 'export.arxiv.org/abs/2401.01234', 'huggingface.co/papers/2401.01234']) {
      expect(parsePaperRef(text), text).toEqual({ kind: 'arxiv', arxivId: '2401.01234' });
    }
    expect(parsePaperRef('arxiv.org/abs/hep-th/9901001v1')).toEqual({ kind: 'arxiv', arxivId: 'hep-th/9901001' });
    expect(parsePaperRef('  Attention   Is All You Need ')).toEqual({ kind: 'title', title: 'Attention Is All You Need' });
    expect(parsePaperRef('https://example.org/paper/2401.01234')).toMatchObject({ kind: 'title' });
  });

  it('reads arXiv\'s DOI, ar5iv links, an id with its category ("Cite as"), and a link pasted in angle brackets or before a full stop', () => {
    // Each was kept as a liked paper titled with the link, found by the words of its address.
    for (const text of ['arXiv:2401.01234 [cs.CV]', 'arXiv:2401.01234v2 [cs.LG]', '2401.01234 [cs]', '10.48550/arXiv.2401.01234', 'doi:10.48550/arXiv.2401.01234', 'https://doi.org/10.48550/arXiv.2401.01234', 'https://dx.doi.org/10.48550/ARXIV.2401.01234v2', 'https://ar5iv.labs.arxiv.org/html/2401.01234', 'https://ar5iv.org/abs/2401.01234', '<https://arxiv.org/abs/2401.01234>', 'https://arxiv.org/pdf/2401.01234v2.pdf.']) {
      expect(parsePaperRef(text), text).toEqual({ kind: 'arxiv', arxivId: '2401.01234' });
    }
    // Any other link names no paper Paperboy can read: isLink lets a liked-paper list refuse it.
    for (const text of ['https://openreview.net/forum?id=abc', 'www.semanticscholar.org/paper/123', 'proceedings.neurips.cc/paper/2017/hash/3f5.html']) expect(isLink(text), text).toBe(true);
    for (const text of ['Attention Is All You Need', 'ADDP: Learning General Representations', 'GPT-4 Technical Report']) expect(isLink(text), text).toBe(false);
  });
});
