import { describe, expect, it } from 'vitest';
import { classifyFailure, DEFAULT_RETRY, retryDelayMs } from '../../src/delivery/failures.js';
import { seededRandom } from './helpers/world.js';

const smtpError = (responseCode: number, code = 'EENVELOPE') => Object.assign(new Error(`${responseCode} reply`), { responseCode, code });

describe('failure classification', () => {
  it('retries 4xx replies, timeouts and connection failures', () => {
    for (const code of [421, 450, 451, 452, 454]) expect(classifyFailure(smtpError(code, 'EMESSAGE'))).toBe('temporary');
    for (const code of ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS']) expect(classifyFailure(Object.assign(new Error(code), { code }))).toBe('temporary');
    expect(classifyFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET', originalCode: 'ECONNREFUSED' }))).toBe('temporary');
    // Not an SMTP answer at all (a database hiccup while building): worth another attempt.
    expect(classifyFailure(new Error('Connection terminated unexpectedly'))).toBe('temporary');
  });

  it('does not retry 5xx replies, except 503 (a session-state problem)', () => {
    for (const code of [550, 551, 552, 553, 554]) expect(classifyFailure(smtpError(code))).toBe('permanent');
    expect(classifyFailure(smtpError(503))).toBe('temporary');
    expect(classifyFailure(Object.assign(new Error('Invalid recipient'), { code: 'EENVELOPE', command: 'API' }))).toBe('permanent');
  });

  it('blames our own setup, not the recipient, for a refused login or TLS', () => {
    expect(classifyFailure(Object.assign(new Error('535 Authentication failed'), { code: 'EAUTH', responseCode: 535 }))).toBe('setup');
    expect(classifyFailure(Object.assign(new Error('self-signed certificate'), { code: 'ETLS' }))).toBe('setup');
  });
});

describe('retry delays', () => {
  it('grow exponentially with jitter in the upper half, up to the cap', () => {
    const random = seededRandom(7);
    const policy = { ...DEFAULT_RETRY, baseMs: 1000, maxMs: 10_000 };
    for (let attempt = 1; attempt <= 8; attempt++) {
      const ceiling = Math.min(10_000, 1000 * 2 ** (attempt - 1));
      for (let i = 0; i < 20; i++) {
        const delay = retryDelayMs(attempt, policy, random);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('give up after about an hour and a half by default', () => {
    let worst = 0;
    for (let attempt = 1; attempt < DEFAULT_RETRY.maxAttempts; attempt++) worst += retryDelayMs(attempt, DEFAULT_RETRY, () => 1);
    expect(worst / 60_000).toBeGreaterThan(60);
    expect(worst / 60_000).toBeLessThan(120);
  });
});
