// What an answer that is not an arXiv API feed is called: the reason the fetch command prints and
// /admin shows, so the operator can tell a busy API from a wrong ARXIV_API_URL.
import { describe, expect, it } from 'vitest';
import { parseArxivPage } from '../../src/corpus/arxiv-atom.js';
import { isWithdrawal } from '../../src/corpus/withdrawal.js';
import { atomFeed, type AtomEntry } from './arxiv-server.js';

const reason = (body: string) => {
  try {
    parseArxivPage(body);
  } catch (error) {
    return (error as Error).message;
  }
  return 'parsed';
};

describe('an answer that is not an arXiv API feed', () => {
  it('is named for what it is: a web page, a line of text, nothing', () => {
    const page = 'not an arXiv API answer but a web page: ARXIV_API_URL should be the API, such as https://export.arxiv.org/api/query';
    expect(reason('<!DOCTYPE html><html><head><title>arXiv</title></head><body><p>Hello<br></p></body></html>')).toBe(page);
    expect(reason('\n<html lang="en"><body>Not found</body></html>')).toBe(page);
    expect(reason('Rate exceeded.')).toBe('not an arXiv API answer but text: "Rate exceeded."');
    expect(reason('  \n')).toBe('an empty answer');
  });
});

describe('versions and withdrawals in an answer', () => {
  const paper = (extra: Partial<AtomEntry>): AtomEntry => ({
    id: '2611.00001v1',
    title: 'Sparse Attention for Protein Folding',
    summary: 'We fold proteins with sparse attention.',
    published: '2026-11-18T10:00:00Z',
    authors: ['Ada Lovelace'],
    categories: ['cs.LG'],
    ...extra,
  });
  const parsed = (entry: AtomEntry) => parseArxivPage(atomFeed([entry], 1, 0)).entries[0]!;

  it('reads the version from the id, old-style ids included', () => {
    expect(parsed(paper({ id: '2611.00001v3' }))).toMatchObject({ arxivId: '2611.00001', arxivVersion: 3, withdrawnAt: null });
    expect(parsed(paper({ id: 'cs/0112017v12' }))).toMatchObject({ arxivId: 'cs/0112017', arxivVersion: 12 });
  });

  it("takes a withdrawal from arXiv's comment or from a notice in place of the abstract, dated by the version's <updated>", () => {
    const updated = '2026-11-20T15:30:00Z';
    const byComment = parsed(paper({ id: '2611.00001v2', updated, comment: 'This paper has been withdrawn by the authors due to an error in Lemma 2' }));
    expect(byComment).toMatchObject({ arxivVersion: 2, withdrawnAt: new Date(updated) });
    const byNotice = parsed(paper({ id: '2611.00001v2', updated, summary: 'This paper has been withdrawn by arXiv administrators because of a dispute over authorship.', comment: '' }));
    expect(byNotice.withdrawnAt).toEqual(new Date(updated));
  });

  it.each([
    [null, 'This paper has been withdrawn by the author.'],
    ['Withdrawn', 'The original abstract, still shown.'],
    ['paper withdrawn: the results do not hold', 'The original abstract.'],
    ['We withdraw this manuscript because the proof of Theorem 1 is wrong', 'The original abstract.'],
    ['12 pages. This submission has been withdrawn by the submitter', 'The original abstract.'],
    [null, 'Withdrawn by the authors: a bug in the evaluation.'],
  ])('is a withdrawal: comment %j, abstract %j', (comment, abstract) => {
    expect(isWithdrawal({ comment, abstract })).toBe(true);
  });

  it.each([
    ['12 pages, 3 figures', 'We study why drugs are withdrawn from the market, with a model of adverse events.'],
    ['Accepted at NeurIPS', 'Users who have withdrawn consent must be forgotten: we propose machine unlearning for them. ' + 'x'.repeat(200) + ' the paper has been withdrawn'],
    [null, 'A model of withdrawal dynamics in markets.'],
    ['v2: the earlier claim is withdrawn; new experiments', 'An abstract.'],
  ])('is no withdrawal: comment %j, abstract %j', (comment, abstract) => {
    expect(isWithdrawal({ comment, abstract })).toBe(false);
  });
});
