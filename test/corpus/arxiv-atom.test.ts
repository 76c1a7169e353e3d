// What an answer that is not an arXiv API feed is called: the reason the fetch command prints and
// /admin shows, so the operator can tell a busy API from a wrong ARXIV_API_URL.
import { describe, expect, it } from 'vitest';
import { parseArxivPage } from '../../src/corpus/arxiv-atom.js';

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
