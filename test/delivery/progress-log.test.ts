// The service's progress line: its figures are the editions' (every process sending them counts),
// and the line says so, rather than reading as this run's own work.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { logProgress } from '../../src/delivery/index.js';

describe('the service progress log', () => {
  it("names the editions' deliveries, by this run or any other, and stays quiet when there are none", () => {
    const lines: Array<{ msg: string; done: number; total: number }> = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(JSON.parse(chunk.toString())), done()) });
    const report = logProgress(pino(sink), 'send', 0);
    report(0, 0);
    report(120, 400);
    expect(lines).toEqual([expect.objectContaining({ done: 120, total: 400, msg: "send: 120 of the 400 deliveries due in this run's editions finished (by this run or any other sending them)" })]);
  });
});
