// 0 5xx on bad input: the cases the fault run found, then 1,600 requests generated from a fixed
// seed (fast-check) over every route, method, body, query string and header, each answered
// below 500. The seed makes a failure reproducible: the message names the request.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openForm, startHarness, subscribeAndConfirm, subscribeByForm, lastMailTo, linkIn, mailedDigest, subscriberByEmail, type Harness } from './harness.js';

const SEED = 18_2026;
const RUNS = 1_600;
// Names every object inherits: a lookup that is not own-property-only finds them.
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', '__defineSetter__', '__lookupGetter__'];

describe('fuzzed requests', () => {
  let h: Harness;
  let tokens: string[];
  let cookie: string;
  let csrf: string;
  beforeAll(async () => {
    h = await startHarness({ env: { ADMIN_TOKEN: 'an-admin-token-of-32-characters!' } });
    const links = await subscribeAndConfirm(h, 'fuzzed@example.org');
    await subscribeByForm(h, 'pending@example.org');
    const subscriber = (await subscriberByEmail(h, 'fuzzed@example.org'))!;
    const digest = await mailedDigest(h, subscriber.id, '2026-11-21', 'fuzz-digest-token-cccccccccc');
    tokens = [links.confirm, links.preferences, links.unsubscribe, linkIn(lastMailTo(h, 'pending@example.org'), 'confirm'), `/digest/${digest}`].map(
      (path) => path.split('/')[2]!,
    );
    ({ cookie, csrf } = await openForm(h.server, '/'));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers what the fault run found with 4xx or a page, never 5xx', async () => {
    const [, manage] = tokens;
    const cases = [
      ...PROTOTYPE_NAMES.map((name) => `/preferences/${manage}?done=${name}`),
      `/preferences/${manage}?done=saved&done=resumed`,
      `/preferences/${manage}?done[x]=1`,
      '/digest/%00',
      '/digest/%01%02',
      '/preferences/%00.%00',
      '/confirm/a%00b.c',
      `/unsubscribe/${manage}%00`,
      '/admin?token=__proto__',
      '/admin?token=a&token=b',
    ];
    for (const url of cases) {
      const res = await h.server.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.body, url).not.toContain('[object Object]');
      expect(res.body, url).not.toContain('function ');
    }
    const page = await h.server.inject({ method: 'GET', url: `/preferences/${manage}?done=constructor` });
    expect(page.statusCode).toBe(200);
  });

  it(`answers ${RUNS} generated requests below 500`, async () => {
    const text = fc.oneof(
      fc.constantFrom(...PROTOTYPE_NAMES, '', '%00', '\u0000', '\r\n', '../..', 'saved', 'llms', 'daily', '99', '-1', 'x'.repeat(300)),
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
    );
    const token = fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 4 }).map((i) => tokens[i]!), weight: 3 },
      {
        arbitrary: fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 120 }), fc.string({ minLength: 1, maxLength: 3 })).map(
          ([i, at, insert]) => tokens[i]!.slice(0, at) + insert + tokens[i]!.slice(at),
        ),
        weight: 1,
      },
      { arbitrary: text, weight: 1 },
    );
    const path = fc.oneof(
      fc.constantFrom('/', '/subscribe', '/api/topics', '/healthz', '/metrics', '/admin', '/nowhere', '/api/../admin', '//subscribe'),
      { arbitrary: fc.tuple(fc.constantFrom('confirm', 'preferences', 'unsubscribe', 'digest'), token).map(([route, t]) => `/${route}/${encodeURIComponent(t)}`), weight: 3 },
      fc.tuple(fc.constantFrom('confirm', 'preferences', 'unsubscribe', 'digest'), fc.constantFrom('%00', '%', '%E0%A4%A', '%C0%AF', 'a%2Fb', '')).map(([route, t]) => `/${route}/${t}`),
    );
    const query = fc.oneof(
      fc.constant(''),
      fc.constantFrom(...PROTOTYPE_NAMES, 'saved', 'resumed').map((name) => `?done=${name}`),
      fc.dictionary(fc.oneof(fc.constantFrom('done', 'token', 'email', 'topics', 'a[b]', '__proto__'), text), text, { maxKeys: 3 }).map(
        (entries) => `?${new URLSearchParams(entries).toString()}`,
      ),
      fc.constantFrom('?done=a&done=b', '?%', '?a=%ZZ', '?__proto__[x]=1', '?constructor[prototype][x]=1'),
    );
    const jsonValue = fc.oneof(fc.anything({ maxDepth: 2 }), fc.dictionary(fc.oneof(fc.constantFrom('email', 'topics', 'action', 'sendHour', 'timeZone', ...PROTOTYPE_NAMES), text), fc.anything({ maxDepth: 1 })));
    const body = fc.oneof(
      fc.constant<[string | undefined, string | undefined]>([undefined, undefined]),
      jsonValue.map((value): [string, string] => ['application/json', JSON.stringify(value) ?? 'null']),
      fc.dictionary(fc.oneof(fc.constantFrom('email', 'topics', 'customTopics', 'action', '_csrf', 'List-Unsubscribe', 'topics[]', ...PROTOTYPE_NAMES), text), text).map(
        (fields): [string, string] => ['application/x-www-form-urlencoded', new URLSearchParams({ _csrf: csrf, ...fields }).toString()],
      ),
      fc.tuple(fc.constantFrom('multipart/form-data; boundary=zz', 'multipart/form-data', 'text/plain', 'application/xml', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded; charset=latin1', '*/*'), fc.string({ unit: 'binary', maxLength: 200 })).map(
        ([type, raw]): [string, string] => [type, raw],
      ),
    );
    const headers = fc.record(
      {
        accept: fc.constantFrom('application/json', 'text/html', '*/*', '', 'application/json, text/html', '\u0000'),
        cookie: fc.constantFrom(cookie, '', '_csrf=garbage', `${cookie}; ${cookie}`),
        authorization: fc.constantFrom('Bearer an-admin-token-of-32-characters!', 'Bearer ', 'Basic x', 'Bearer __proto__'),
        'x-forwarded-for': fc.constantFrom('203.0.113.9', 'garbage', ''),
        'accept-language': text.map((t) => t.replace(/[^\t\x20-\x7e]/g, '')),
      },
      { requiredKeys: [] },
    );
    const request = fc.record({
      method: fc.constantFrom('GET', 'GET', 'GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
      url: fc.tuple(path, query).map(([p, q]) => p + q),
      body,
      headers,
    });

    const samples = fc.sample(request, { seed: SEED, numRuns: RUNS });
    const failures: string[] = [];
    const byStatus = new Map<number, number>();
    for (const { method, url, body: [type, payload], headers: extra } of samples) {
      const res = await h.server.inject({
        method: method as 'GET',
        url,
        headers: { ...extra, ...(type ? { 'content-type': type } : {}) },
        ...(payload !== undefined && method !== 'GET' && method !== 'HEAD' ? { payload } : {}),
      });
      byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode >= 500) failures.push(`${res.statusCode} ${method} ${url} ${type ?? ''} ${JSON.stringify(payload)?.slice(0, 120)}: ${res.body.slice(0, 200)}`);
    }
    console.info(`fuzz: ${samples.length} requests (seed ${SEED}), statuses ${JSON.stringify(Object.fromEntries([...byStatus].sort(([a], [b]) => a - b)))}, ${failures.length} ≥ 500`);
    expect(samples.length).toBeGreaterThanOrEqual(1_500);
    expect(failures).toEqual([]);
    expect((await h.server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  }, 240_000);
});
