// The operator's views: /metrics in Prometheus text format, /admin behind ADMIN_TOKEN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFiles, listPageFiles } from '../../src/corpus/index.js';
import { runSend } from '../../src/delivery/index.js';
import { operatorSubscriptionSchema, subscribeConfirmed } from '../../src/subscriptions/index.js';
import { SEEDS_DIR } from '../helpers/paths.js';
import { startHarness, type Harness } from './harness.js';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';

describe('operations endpoints', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { ADMIN_TOKEN } });
    await ingestFiles(h.app.prisma, await listPageFiles([SEEDS_DIR]), { now: h.clock.now() });
    for (const email of ['ada.lovelace@example.org', 'grace.hopper@example.org']) {
      const input = operatorSubscriptionSchema.parse({ email, topics: ['Diffusion models'], preferences: {} });
      await subscribeConfirmed(h.app.prisma, input, { source: 'cli', defaultTimeZone: 'UTC', now: h.clock.now() });
    }
    await runSend(await h.app.deliveryDeps(), { mode: 'now' });
  });
  afterAll(async () => h?.close());

  it('serves Prometheus metrics: deliveries by status, papers, subscribers, send latency', async () => {
    const response = await h.server.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.body).toMatch(/^paperboy_deliveries\{status="sent"\} 2$/m);
    expect(response.body).toMatch(/^paperboy_papers \d{3}$/m);
    expect(response.body).toMatch(/^paperboy_subscribers\{status="active"\} 2$/m);
    expect(response.body).toContain('# TYPE paperboy_send_duration_seconds histogram');
    expect(response.body).toContain('# TYPE paperboy_job_last_success_timestamp_seconds gauge');
  });

  it('shows the admin overview only with the token, and never an address', async () => {
    expect((await h.server.inject({ method: 'GET', url: '/admin' })).statusCode).toBe(401);
    expect((await h.server.inject({ method: 'GET', url: '/admin?token=wrong' })).statusCode).toBe(401);
    const page = await h.server.inject({ method: 'GET', url: '/admin', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Last editions');
    expect(page.body).toMatch(/<td>active<\/td><td class="num">2<\/td>/);
    expect(page.body).toContain('Diffusion models');
    // No scheduler ran here: each job says so rather than vanishing from the page.
    expect(page.body.match(/No run recorded yet/g)).toHaveLength(3);
    expect(page.body).not.toContain('example.org');
  });

  it('has no admin page without ADMIN_TOKEN', async () => {
    const other = await startHarness();
    try {
      expect((await other.server.inject({ method: 'GET', url: '/admin?token=anything' })).statusCode).toBe(404);
    } finally {
      await other.close();
    }
  });
});
