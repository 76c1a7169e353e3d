// Builds MIME messages off the main thread (see mime-pool.ts). Plain JavaScript: worker threads
// do not inherit the TypeScript loader the CLI registers for the main thread.
import { parentPort } from 'node:worker_threads';
import MailComposer from 'nodemailer/lib/mail-composer';

parentPort.on('message', async ({ id, mail }) => {
  try {
    const message = await new MailComposer(mail).compile().build();
    // A message has a memory block of its own (it is larger than Buffer's shared pool takes), so
    // the block is handed over rather than copied; a pooled one would be copied.
    const own = message.byteOffset === 0 && message.byteLength === message.buffer.byteLength;
    parentPort.postMessage({ id, message }, own ? [message.buffer] : []);
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.message ?? error) });
  }
});
