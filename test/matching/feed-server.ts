// A local stand-in for the daily-papers endpoint: answers `?date=` from test/fixtures/feed, or
// misbehaves on purpose (HTTP 500, a body cut in the middle, no answer at all).
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { listenLocally } from '../helpers/local-server.js';
import { REPO_ROOT } from '../../testkit/paths.js';

export const FEED_FIXTURES = path.join(REPO_ROOT, 'test/fixtures/feed');
export const fixture = (name: string) => readFileSync(path.join(FEED_FIXTURES, name), 'utf8');

export type Answer = { file: string } | { status: number } | { partial: string } | 'hang';

export interface FeedServer {
  url: string;
  /** What each date answers; change it between fetches. */
  answers: Map<string, Answer>;
  requests: string[];
  close(): Promise<void>;
}

export async function startFeedServer(answers: Record<string, Answer> = {}): Promise<FeedServer> {
  const table = new Map(Object.entries(answers));
  const requests: string[] = [];
  const server = await listenLocally((req, res) => {
    requests.push(req.url ?? '');
    const date = new URL(req.url ?? '/', 'http://x').searchParams.get('date') ?? '';
    answer(res, table.get(date) ?? { file: 'empty-day.json' });
  });
  return { url: `${server.origin}/api/daily_papers`, answers: table, requests, close: server.close };
}

function answer(res: ServerResponse, how: Answer) {
  if (how === 'hang') return; // never answers: the client must time out
  if ('status' in how) {
    res.writeHead(how.status, { 'content-type': 'application/json' }).end('{"error":"upstream trouble"}');
    return;
  }
  const body = 'file' in how ? fixture(how.file) : fixture(how.partial);
  if ('partial' in how) {
    // Announces the whole body, sends half of it, then drops the connection.
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.write(body.slice(0, Math.floor(body.length / 2)));
    setTimeout(() => res.socket?.destroy(), 20);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(body);
}
