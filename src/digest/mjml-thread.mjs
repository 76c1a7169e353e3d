// Runs MJML in a thread of its own (see compileTemplates in render.ts): MJML and everything it
// loads stay in this thread's heap, which is freed when the thread ends, instead of staying in
// the process for its whole life. Plain JavaScript: threads do not inherit the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import mjml2html from 'mjml';

const results = [];
for (const { source, options } of workerData.jobs) {
  try {
    const result = await mjml2html(source, options);
    results.push({ html: result.html, errors: result.errors.map((e) => e.formattedMessage) });
  } catch (error) {
    results.push({ thrown: error?.errors?.map((e) => e.formattedMessage) ?? [String(error?.message ?? error)] });
  }
}
parentPort.postMessage(results);
