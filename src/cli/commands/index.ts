// Every `paperboy` command, one line each: its name, the one-line summary `paperboy --help` lists,
// and where its definition is. A command's module is loaded only when that command runs (or its own
// --help is asked for), so that `paperboy --help` and `--version` load no database driver, no MJML,
// no web server. To add a command: write src/cli/commands/<name>.ts exporting a Register function
// (see migrate.ts, the smallest) and add its line here.
import type { Register } from '../context.js';

export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Register>;
}

export const COMMANDS: CommandEntry[] = [
  { name: 'migrate', summary: 'apply pending database migrations', load: async () => (await import('./migrate.js')).registerMigrate },
  { name: 'ingest', summary: 'ingest corpus pages (default: SEEDS_DIR, ./seeds unless set)', load: async () => (await import('./ingest.js')).registerIngest },
  { name: 'subscribe', summary: 'add a confirmed subscriber, or import many from a CSV file', load: async () => (await import('./subscribe.js')).registerSubscribe },
  { name: 'send', summary: 'send the digests that are due now (--now: to everyone)', load: async () => (await import('./send.js')).registerSend },
  { name: 'status', summary: 'the last editions, the jobs and the next digests due', load: async () => (await import('./status.js')).registerStatus },
  { name: 'retry', summary: 'send again the deliveries that failed', load: async () => (await import('./retry.js')).registerRetry },
  { name: 'serve', summary: 'run the service (npm start): web server and schedule', load: async () => (await import('./serve.js')).registerServe },
  { name: 'preview', summary: 'the ranked papers a subscriber with these topics would get today', load: async () => (await import('./preview.js')).registerPreview },
  { name: 'render', summary: 'write the digest a subscriber with these topics would get, as HTML', load: async () => (await import('./render.js')).registerRender },
  { name: 'fetch', summary: 'ingest the daily-papers feed (today and yesterday, or --date), or arXiv listings (--source arxiv)', load: async () => (await import('./fetch.js')).registerFetch },
  { name: 'subscribers', summary: 'list or export subscribers (--status, --topic, --json, --csv)', load: async () => (await import('./subscribers.js')).registerSubscribers },
  { name: 'unsubscribe', summary: 'unsubscribe an address', load: async () => (await import('./unsubscribe.js')).registerUnsubscribe },
  { name: 'feedback', summary: "mark papers more / less like this for a reader, as their digest's links would", load: async () => (await import('./feedback.js')).registerFeedback },
  { name: 'erase', summary: 'remove a subscriber and everything kept about them', load: async () => (await import('./erase.js')).registerErase },
];
