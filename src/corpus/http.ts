// Downloading one answer of a live source (the daily-papers feed, the arXiv API) within bounds:
// a timeout that covers the body too, a size limit, and errors that say what went wrong in words.

/** Answers larger than this are refused rather than held in memory. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** A live source failed: nothing was stored, the next run tries again. */
export class SourceError extends Error {
  override name = 'SourceError';
  constructor(
    readonly source: string,
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${source} ${url}: ${reason}`);
  }
}

/** The source answered with an HTTP error status; `retryAfterMs` when it said how long to wait (Retry-After). */
export class HttpStatusError extends SourceError {
  override name = 'HttpStatusError';
  constructor(
    url: string,
    readonly status: number,
    statusText: string,
    readonly retryAfterMs: number | null,
  ) {
    super('source', url, `HTTP ${status} ${statusText}`.trim());
  }
}

/** Retry-After as seconds ("120") or an HTTP date, in milliseconds from now; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  const value = header?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** How long one request to a live source may take, body included: the daily-papers feed, arXiv's API. */
export const FEED_TIMEOUT_MS = 30_000;
export const ARXIV_TIMEOUT_MS = 60_000;

export interface DownloadOptions {
  fetchImpl?: typeof fetch;
  timeoutMs: number;
  accept: string;
}

/** The body of a 2xx answer; anything else throws (SourceError, or fetch's own error). */
export async function download(url: string, options: DownloadOptions): Promise<string> {
  const response = await (options.fetchImpl ?? fetch)(url, {
    headers: { accept: options.accept, 'user-agent': 'paperboy (self-hosted paper digests)' },
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new HttpStatusError(url, response.status, response.statusText, retryAfterMs(response.headers.get('retry-after')));
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw new SourceError('source', url, `response too large (${declared} bytes)`);
  // The body is read under the same timeout signal: a server that stalls mid-body times out too.
  const body = await response.text();
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) throw new SourceError('source', url, 'response too large');
  return body;
}

/**
 * The request got no answer at all: timed out, refused, no such host, no route. Asking the same
 * server again in the same run would only wait for the same silence.
 */
export function isUnreachable(error: unknown): boolean {
  if (error instanceof SourceError) return false;
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return true;
  return err?.name === 'TypeError' && err.message === 'fetch failed';
}

/**
 * Why a request failed, in a few words. `off`: the setting that turns the source off ("FEED_URL=off"),
 * named when the source's host name does not resolve, which is what a server without internet meets
 * at every run ("fetch failed (ENOTFOUND)" said nothing of what to check or do).
 */
export function describeFetchError(error: unknown, off?: string): string {
  if (error instanceof SourceError) return error.reason;
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'timed out';
  const cause = err?.cause?.code ?? err?.cause?.message;
  const said = cause ? `${err.message ?? 'request failed'} (${cause})` : (err?.message ?? String(error));
  const unknownHost = err?.cause?.code === 'ENOTFOUND' || err?.cause?.code === 'EAI_AGAIN';
  return unknownHost && off ? `${said}: the host name does not resolve from this machine (offline, or no DNS); ${off} turns this source off` : said;
}
