// A logger whose JSON lines are kept, to check what was (and was not) logged.
import { Writable } from 'node:stream';
import { pino } from 'pino';

export function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, log: pino({ level: 'info' }, stream) };
}
