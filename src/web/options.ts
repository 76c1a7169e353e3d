// Knobs of the web front end that tests need to turn (rate limits) and that have sensible defaults.

export interface RateLimit {
  max: number;
  timeWindowMs: number;
}

export interface WebOptions {
  /** POST /subscribe per client IP: stops one machine from mailing confirmations to many addresses (valid submissions only). */
  subscribePerIp: RateLimit;
  /**
   * POST /subscribe per client IP, valid or not: a bound on the requests themselves (each parses a
   * form and renders a page), far above what a person correcting a form ever sends.
   */
  formsPerIp: RateLimit;
  /** POST /subscribe per address: stops anyone from filling one inbox with confirmations. */
  subscribePerAddress: RateLimit;
  /** Routes that take a link token, per IP: guessing tokens is hopeless, and this keeps it that way. */
  linksPerIp: RateLimit;
  /**
   * When POST /subscribe answers, counted from its start, whatever the address's state: its email
   * is waited for until then (a refusal by the relay gets its own page), and goes on after if slower.
   */
  subscribeAnswerMs: number;
  /** /admin per client IP: the token cannot be guessed at speed. */
  adminPerIp: RateLimit;
  /** Largest request body: the biggest honest form (20 topics of 80 characters) is about 3 KB. */
  bodyLimitBytes: number;
  /**
   * How long a page waits for "What your topics find now" before it is shown without it (the
   * computation goes on and serves the next load): the first one after the shared matcher is
   * replaced reads the window's statistics, seconds on a large corpus.
   */
  outlookBudgetMs: number;
  /**
   * Load the outlook's statistics once the server listens, so that the first page a confirmation
   * link opens has it (`serve` only: each test server would load them for nothing).
   */
  warmOutlooks: boolean;
}

export const DEFAULT_WEB_OPTIONS: WebOptions = {
  subscribePerIp: { max: 10, timeWindowMs: 15 * 60_000 },
  subscribePerAddress: { max: 3, timeWindowMs: 60 * 60_000 },
  formsPerIp: { max: 30, timeWindowMs: 60_000 },
  linksPerIp: { max: 120, timeWindowMs: 60_000 },
  // Above what handing a message to a relay takes, so that the answer waits for it.
  subscribeAnswerMs: 800,
  adminPerIp: { max: 60, timeWindowMs: 60_000 },
  bodyLimitBytes: 16 * 1024,
  outlookBudgetMs: 1000,
  warmOutlooks: false,
};
