// Why a live source's fetch failed, as status, /admin and `paperboy fetch` say it: a host name that
// does not resolve (a server without internet, at every run) names the setting that turns the source off.
import { describe, expect, it } from 'vitest';
import { describeFetchError } from '../../src/corpus/http.js';

/** What Node's fetch throws (undici): a TypeError whose cause carries the system's code. */
const failed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(`getaddrinfo ${code} huggingface.co`), { code }) });

describe('a fetch that failed, in words', () => {
  it('names the setting that turns the source off when its host name does not resolve', () => {
    expect(describeFetchError(failed('ENOTFOUND'), 'FEED_URL=off')).toBe('fetch failed (ENOTFOUND): the host name does not resolve from this machine (offline, or no DNS); FEED_URL=off turns this source off');
    expect(describeFetchError(failed('EAI_AGAIN'), 'ARXIV_API_URL=off')).toMatch(/^fetch failed \(EAI_AGAIN\): .*; ARXIV_API_URL=off turns this source off$/);
  });
  it('keeps the system\'s words for the rest', () => {
    expect(describeFetchError(failed('ECONNREFUSED'), 'FEED_URL=off')).toBe('fetch failed (ECONNREFUSED)');
    expect(describeFetchError(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }), 'FEED_URL=off')).toBe('timed out');
  });
});
