// Builds MIME messages off the main thread (see mime-pool.ts). Plain JavaScript: worker threads
// do not inherit the TypeScript loader the CLI registers for the main thread.
import { parentPort } from 'node:worker_threads';
import MailComposer from 'nodemailer/lib/mail-composer';

parentPort.on('message', async ({ id, mail }) => {
  try {
    const message = await new MailComposer(mail).compile().build();
    parentPort.postMessage({ id, message });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.message ?? error) });
  }
});
