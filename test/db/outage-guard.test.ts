// The database's circuit breaker when calls hang rather than fail (a frozen server, a partition):
// every call still waiting when the outage reaches its bound must end, whenever it was made, or the
// run waiting on it never stops (a send stopped by a frozen database ran on past a minute).
import { describe, expect, it } from 'vitest';
import { createOutageGuard, DatabaseUnavailableError } from '../../src/db/index.js';

const never = () => new Promise<never>(() => {});
const settleOf = (p: Promise<unknown>) => p.then(() => 'answered', (error: unknown) => error);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the outage guard, with a database that stops answering', () => {
  it('ends every hanging call at the bound, also those made after the first went silent', async () => {
    const guard = createOutageGuard({ maxOutageMs: 100, noAnswerMs: 300 });
    const first = settleOf(guard.run(never));
    await sleep(150);
    const later = settleOf(guard.run(never));
    const [a, b] = await Promise.all([first, later]);
    expect(a).toBeInstanceOf(DatabaseUnavailableError);
    expect(b).toBeInstanceOf(DatabaseUnavailableError);
    // Once it has given up, a new call is refused at once rather than tried.
    expect(await settleOf(guard.run(never))).toBeInstanceOf(DatabaseUnavailableError);
  });

  it('lets a call that answers in time go on, and holds nothing back', async () => {
    const guard = createOutageGuard({ maxOutageMs: 100, noAnswerMs: 300 });
    expect(await guard.run(async () => 'row')).toBe('row');
    expect(guard.down).toBe(false);
    await guard.ready();
  });
});
