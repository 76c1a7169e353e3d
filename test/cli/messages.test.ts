// Mistakes said in the user's words: the flag or variable they typed, one line per problem, exit
// 2; output that survives a closed pipe and never carries the data's control characters.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, testEnv } from '../../testkit/app.js';
import { runPaperboy, type CliResult } from '../helpers/cli.js';
import { ADMIN_URL, createTestDatabase, tempDir, withClient, type TestDatabase } from '../../testkit/database.js';
import { BIN, REPO_ROOT } from '../../testkit/paths.js';
import { freePort } from '../helpers/serve.js';

/** A plain file, where a setting expects a folder. */
function aFile(): string {
  const file = path.join(tempDir('paperboy-file-'), 'not-a-folder');
  writeFileSync(file, '');
  return file;
}

/** stderr as its lines, without the "paperboy: " each begins with. */
const problems = (result: CliResult) => result.stderr.trim().split('\n').map((line) => line.replace(/^paperboy: /, ''));

describe('messages in the user words', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    env = testEnv(db);
  });
  afterAll(async () => db?.drop());

  it('names the flags of subscribe, one line per problem', async () => {
    const result = await runPaperboy(['subscribe', 'ada@example.org', '--topic', 'llms', '--hour', '25', '--frequency', 'monthly'], env);
    expect(result.code).toBe(2);
    expect(problems(result)).toEqual(['--frequency must be daily or weekly', '--hour must be 0–23']);
    const zone = await runPaperboy(['subscribe', 'ada@example.org', '--topic', 'llms', '--timezone', 'Mars/Olympus'], env);
    expect(problems(zone)).toEqual(['--timezone: "Mars/Olympus" is not a known time zone (use a name such as Europe/Berlin)']);
    const size = await runPaperboy(['subscribe', 'ada@example.org', '--topic', 'llms', '--size', 'many', '--weekday', '9'], env);
    expect(problems(size)).toEqual(['--weekday must be 1–7 (1 = Monday) or a day (friday)', '--size must be 1–50']);
  });

  it('names a list flag by its name when one of its values is wrong, not by the value\'s index', async () => {
    // The value too: of several editions, only one may be wrong.
    const result = await runPaperboy(['retry', '--failed', '--edition', 'daily:2026-11-22', 'nope'], env);
    expect(result.code).toBe(2);
    expect(problems(result)).toEqual(['--edition: "nope" is not an edition key such as daily:2026-11-22']);
    const impossible = await runPaperboy(['retry', '--failed', '--edition', 'daily:2026-13-45'], env);
    expect(impossible.code).toBe(2);
    expect(problems(impossible)).toEqual(['--edition: "daily:2026-13-45" has no such date (an edition key is daily: or weekly: and a date, YYYY-MM-DD)']);
    // A well-formed key of an edition that never was is a typo, not "Nothing failed".
    const unknown = await runPaperboy(['retry', '--failed', '--edition', 'daily:2099-01-01'], env);
    expect(unknown.code).toBe(2);
    expect(problems(unknown)).toEqual(['No edition daily:2099-01-01: paperboy status lists the recent ones.']);
  });

  it('gives send and retry the same run options, checked alike', async () => {
    // retry runs the same send loop: a database outage bound it did not accept could not be set for it.
    for (const command of ['send', 'retry']) {
      const result = await runPaperboy([command, '--failed', '--db-outage', '0', '--claim-timeout', '2'].filter((arg) => command === 'retry' || arg !== '--failed'), env);
      expect(result.code).toBe(2);
      expect(problems(result)).toEqual(['--claim-timeout must be a number of seconds from 5 to 3600', '--db-outage must be a number of seconds from 1 to 3600']);
      // Longer than half a claim was shortened without a word (to 30 s in one place, not in another).
      const tooLong = await runPaperboy([command, '--failed', '--db-outage', '100'].filter((arg) => command === 'retry' || arg !== '--failed'), env);
      expect(tooLong.code).toBe(2);
      expect(problems(tooLong)).toEqual(['--db-outage: at most half the claim timeout (30 s with --claim-timeout 60); give a longer --claim-timeout with it']);
    }
    // A flag mistake is no run of the send job: `status` showed it as the job's last error.
    const status = JSON.parse((await runPaperboy(['status', '--json'], env)).stdout);
    expect(status.jobs.find((job: { name: string }) => job.name === 'send')?.lastError ?? null).toBeNull();
  });

  it('says why a file given to subscribe cannot be read, and what it should be', async () => {
    // "cannot read the file" alone left a typo in the path and a folder given by mistake alike.
    const dir = tempDir('paperboy-input-');
    const missing = path.join(dir, 'people.csv');
    expect(problems(await runPaperboy(['subscribe', '--file', missing], env))).toEqual([`${missing}: cannot read the file: no such file (a CSV with the header "email,topics")`]);
    const folder = await runPaperboy(['subscribe', '--file', dir], env);
    expect(folder.code).toBe(2);
    expect(problems(folder)).toEqual([`${dir}: cannot read the file: it is a directory (a CSV with the header "email,topics")`]);
    // A file that is read but is not the CSV wanted is named first too, with what its first line was read as.
    const semicolons = path.join(dir, 'export.csv');
    writeFileSync(semicolons, 'email;topics\nada@example.org;LLM\n');
    const refused = await runPaperboy(['subscribe', '--file', semicolons], env);
    expect(refused.code).toBe(2);
    expect(problems(refused)).toEqual([
      `${semicolons}: The CSV file needs a header line "email,topics"; its first line, "email;topics", has its columns separated by semicolons: save it with commas between the columns (topics within a field separated by ";").`,
    ]);
    const bib = path.join(dir, 'refs.bib');
    expect(problems(await runPaperboy(['subscribe', 'ada@example.org', '--like', bib], env))).toEqual([
      `--like ${bib}: cannot read the file: no such file (a BibTeX export, as Zotero or Mendeley write it)`,
    ]);
  });

  it('names the topic of a list that is too short', async () => {
    const result = await runPaperboy(['subscribe', 'ada@example.org', '--topic', 'graph neural networks; x'], env);
    expect(result.code).toBe(2);
    expect(problems(result)).toEqual(['--topic: "x" is too short: a topic needs at least 2 characters']);
  });

  it('points a paper given as a topic to --like', async () => {
    for (const paper of ['2312.06662', 'arXiv:2312.06662v2', 'https://arxiv.org/abs/2312.06662', '10.48550/arXiv.2312.06662']) {
      const result = await runPaperboy(['subscribe', 'ada@example.org', '--topic', paper], env);
      expect(result.code).toBe(2);
      expect(problems(result)).toEqual([`--topic: "${paper}" names a paper, not a topic: give it as a paper you like instead`]);
    }
  });

  it('names a folder without pages given to ingest, without a line number', async () => {
    const dir = tempDir('paperboy-pages-');
    const result = await runPaperboy(['ingest', dir], env);
    expect(result.code).toBe(2);
    expect(problems(result)).toEqual([`${dir}: directory holds no corpus pages (*.txt)`]);
    // Without a path, the folder is SEEDS_DIR's: named as that setting, which the operator did not type here.
    const seeds = await runPaperboy(['ingest'], { ...env, SEEDS_DIR: dir });
    expect(seeds.code).toBe(2);
    expect(problems(seeds)).toEqual([`SEEDS_DIR ${dir} holds no corpus pages (*.txt): nothing to ingest (the service runs with it empty when the feed or arXiv brings the papers)`]);
    // A SEEDS_DIR that does not exist is named as that setting too (it said "…: no such file or directory").
    const gone = path.join(dir, 'no-such-seeds');
    const missing = await runPaperboy(['ingest'], { ...env, SEEDS_DIR: gone });
    expect(missing.code).toBe(2);
    expect(problems(missing)).toEqual([`SEEDS_DIR ${gone}: no such folder; set SEEDS_DIR to the folder of corpus pages, or leave it unset for ./seeds`]);
  });

  it('says --topic is required, under the name of the flag', async () => {
    const result = await runPaperboy(['preview'], env);
    expect(result.code).toBe(2);
    // preview also takes a subscriber instead of topics: the message names both ways in.
    expect(problems(result)).toEqual(['--topic or --email is required: give one or more topics, e.g. --topic "diffusion models", or a subscriber\'s --email']);
    // A --topic that names no topic (empty, or only separators) is no topic: it was told "at most 20 topics".
    for (const empty of ['', ' ; ']) expect(problems(await runPaperboy(['preview', '--topic', empty], env))).toEqual(problems(result));
    const many = Array.from({ length: 21 }, (_, i) => ['--topic', `topic number ${i}`]).flat();
    expect(problems(await runPaperboy(['preview', ...many], env))).toEqual(['--topic: at most 20 topics']);
    expect(problems(await runPaperboy(['render', '--out', 'x.html'], env))).toEqual(['--topic is required: give one or more, e.g. --topic "diffusion models"']);
    expect(problems(await runPaperboy(['preview', '--topic', 'llms', '--limit', '0'], env))).toEqual(['--limit must be 1–100']);
  });

  const misconfigured: Array<[string, Record<string, string>, RegExp]> = [
    ['PORT=abc', { PORT: 'abc' }, /^PORT must be a number$/],
    ['a cron expression out of range', { SEND_CRON: '61 * * * *' }, /^SEND_CRON is not a valid cron expression \("61 \* \* \* \*": minute/],
    ['an SMTP URL with a space', { SMTP_URL: 'smtp://u:p@exa mple.org' }, /^SMTP_URL is not a valid URL: it contains a space/],
    ['a garbage DATABASE_URL', { DATABASE_URL: 'garbage' }, /^DATABASE_URL is not a valid URL: it has no scheme/],
    ['a DATABASE_URL with a bad port', { DATABASE_URL: 'postgresql://u@localhost:port/x' }, /^DATABASE_URL is not a valid URL/],
    ['a database that does not answer', { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/paperboy' }, /^DATABASE_URL: cannot reach PostgreSQL at 127\.0\.0\.1:1 \(ECONNREFUSED\)/],
    ['a database that does not exist', { DATABASE_URL: withPath(ADMIN_URL, '/no_such_database_here') }, /^DATABASE_URL: database "no_such_database_here" does not exist .*createdb no_such_database_here/],
    ['an unknown role', { DATABASE_URL: withUser(ADMIN_URL, 'no_such_role') }, /^DATABASE_URL: role "no_such_role" does not exist .*check the user name/],
    ['a secret of blanks', { APP_SECRET: ' '.repeat(40) }, /^APP_SECRET must be at least 32 characters that are not blanks/],
    ['a bad HOST', { HOST: 'not a host' }, /^HOST must be an IP address or a host name/],
    // A malformed sender was taken as it was, and the relay's refusal of it counted as every reader's bounce.
    ['a MAIL_FROM that is no address', { MAIL_FROM: 'notanaddress' }, /^MAIL_FROM must be one address, such as "Papers <papers@example\.org>"/],
    ['a MAIL_FROM with a space in its domain', { MAIL_FROM: 'Papers <papers@exa mple.org' }, /^MAIL_FROM must be one address/],
    // Every emailed link is PUBLIC_URL plus a path: a query or fragment would swallow the path.
    ['a PUBLIC_URL with a query', { PUBLIC_URL: 'https://papers.example.org/?lab=1' }, /^PUBLIC_URL must have no \?query or #fragment/],
    ['a PUBLIC_URL with a fragment', { PUBLIC_URL: 'https://papers.example.org/#papers' }, /^PUBLIC_URL must have no \?query or #fragment/],
    ['a PUBLIC_URL with a password', { PUBLIC_URL: 'https://ops:secret@papers.example.org' }, /^PUBLIC_URL must have no user or password/],
    ['a DATA_DIR that is a file', { DATABASE_URL: '', DATA_DIR: aFile() }, /^DATA_DIR: cannot write to .* \(ENOTDIR: a file is in the way\): make it a writable folder, or set DATABASE_URL/],
    ['a DATA_DIR under a file', { DATABASE_URL: '', DATA_DIR: path.join(aFile(), 'data') }, /^DATA_DIR: cannot write to .* \(ENOTDIR: a file is in the way\)/],
    // Node 20's recursive mkdir looped for ever here, a core busy and not a word.
    ['a DATA_DIR where no folder can be made', { DATABASE_URL: '', DATA_DIR: '/proc/paperboy-data' }, /^DATA_DIR: cannot write to \/proc\/paperboy-data \(ENOENT\)/],
  ];
  for (const [what, change, message] of misconfigured) {
    it(`exits 2 with one line for ${what}`, async () => {
      const result = await runPaperboy(['status'], { ...env, ...change });
      expect(result.code).toBe(2);
      expect(problems(result)).toHaveLength(1);
      expect(problems(result)[0]).toMatch(message);
    });
  }

  // A database closed for maintenance when a command starts is a setting to wait for, as a server
  // not reachable is: exit 2 naming DATABASE_URL, the code a wrapper retries on (it said exit 1,
  // "the database did not answer … stopped").
  it('exits 2 with one line for a database that accepts no connections when the command starts', async () => {
    const closed = await createTestDatabase('postgres');
    const name = new URL(closed.url!).pathname.slice(1);
    await withClient(ADMIN_URL, (admin) => admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`));
    try {
      const result = await runPaperboy(['status'], { ...env, DATABASE_URL: closed.url! });
      expect(result.code).toBe(2);
      expect(problems(result)).toEqual([expect.stringMatching(new RegExp(`^DATABASE_URL: database "${name}" on 127\\.0\\.0\\.1:5432 is not accepting connections \\(closed for maintenance`))]);
    } finally {
      await withClient(ADMIN_URL, (admin) => admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`));
      await closed.drop();
    }
  });

  it('exits 2 with one line for a DATABASE_URL whose server accepts and never answers, or is no PostgreSQL', { timeout: 60_000 }, async () => {
    // One hung for ever (14 minutes, until killed); one that hangs up at once (an SMTP port) read "the database did not answer", exit 1.
    const silent = createServer((socket) => socket.on('error', () => {}));
    const banner = createServer((socket) => {
      socket.on('error', () => {});
      socket.write('220 smtp.example.org ESMTP\r\n');
      socket.on('data', () => socket.end('500 what\r\n'));
    });
    const listen = (server: Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
    const [silentPort, bannerPort] = [await listen(silent), await listen(banner)];
    try {
      const started = Date.now();
      const hung = await runPaperboy(['status'], { ...env, DATABASE_URL: `postgresql://postgres@127.0.0.1:${silentPort}/paperboy` });
      expect(hung.code).toBe(2);
      expect(problems(hung)).toEqual([`DATABASE_URL: no answer from 127.0.0.1:${silentPort} within 15 s; is it a PostgreSQL server, and are the host and port right?`]);
      expect(Date.now() - started).toBeLessThan(45_000);
      const smtp = await runPaperboy(['status'], { ...env, DATABASE_URL: `postgresql://postgres@127.0.0.1:${bannerPort}/paperboy` });
      expect(smtp.code).toBe(2);
      expect(problems(smtp)).toEqual([`DATABASE_URL: the server at 127.0.0.1:${bannerPort} closed the connection before answering as PostgreSQL; is the port right?`]);
    } finally {
      silent.close();
      banner.close();
    }
  });

  it('exits 2 with one line when serve finds its port taken or its host foreign', async () => {
    const port = await freePort();
    const ingestRecord = async () => {
      const app = await openTestApp(db);
      try {
        return { run: await app.prisma.jobRun.findUnique({ where: { name: 'ingest' } }), records: await app.prisma.jobRunRecord.count({ where: { name: 'ingest' } }) };
      } finally {
        await app.close();
      }
    };
    const ingestBefore = await ingestRecord();
    const taken = createServer().listen(port, '127.0.0.1');
    try {
      const inUse = await runPaperboy(['serve'], { ...env, PORT: String(port), HOST: '127.0.0.1' }, { timeoutMs: 120_000 });
      expect(inUse.code).toBe(2);
      expect(problems(inUse)).toEqual([`PORT ${port} is already in use on 127.0.0.1 (another paperboy?); stop that process or set PORT to a free port`]);
      // Exit 2 is "nothing done": no ingest ran or was recorded before the port was found taken.
      expect(await ingestRecord()).toEqual(ingestBefore);
    } finally {
      taken.close();
    }
    const foreign = await runPaperboy(['serve'], { ...env, PORT: String(port), HOST: '192.0.2.1' }, { timeoutMs: 120_000 });
    expect(foreign.code).toBe(2);
    expect(problems(foreign)).toEqual(['HOST "192.0.2.1" is not an address of this machine; use 0.0.0.0 (every interface) or 127.0.0.1 (this machine only)']);
  });

  it('says why the first command on an embedded database waits, once', async () => {
    // LOG_LEVEL as an operator leaves it: a command's readable lines.
    const { LOG_LEVEL: _set, ...operator } = env;
    const embedded = { ...operator, DATABASE_URL: '', DATA_DIR: tempDir('paperboy-first-') };
    // A command that only reads makes no database: `status` run from another directory spent 20 s
    // creating an empty one there and reported "No edition yet" of it.
    // Nor its secret (made when a link is first signed): with none given, it left DATA_DIR/app-secret.
    const nothing = await runPaperboy(['status'], { ...embedded, APP_SECRET: '' }, { timeoutMs: 120_000 });
    expect(nothing.code).toBe(2);
    expect(problems(nothing)).toEqual([expect.stringMatching(/^there is no database in \S+pglite \(DATA_DIR\), and this command only reads one: run it in the service's directory, or set DATA_DIR \(or DATABASE_URL\) to the service's; paperboy migrate creates one\.$/)]);
    expect(readdirSync(embedded.DATA_DIR)).toEqual([]);
    const first = await runPaperboy(['migrate'], embedded, { timeoutMs: 120_000 });
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^paperboy: Creating the embedded database in \S+ \(first start: about 20 s\)…$/m);
    // Run in the wrong directory, a command would otherwise fill a database no service reads.
    expect(first.stderr).toMatch(/^paperboy: This is a new, empty database: a service started in another directory has its own \(run commands where it runs, or set DATA_DIR\)\.$/m);
    const second = await runPaperboy(['status'], embedded, { timeoutMs: 120_000 });
    expect(second.code).toBe(0);
    expect(second.stderr).not.toMatch(/Creating/);
    // It opened the database itself, so no service runs: no send run is coming until one starts.
    expect(second.stdout).toMatch(/^Next send run: none until paperboy serve runs \(SEND_CRON "[^"]+", UTC\)$/m);
    // And so a digest due now is not left to "the next send run", which is not coming.
    const subscribed = await runPaperboy(['subscribe', 'ada@example.org', '--topic', 'LLM', '--hour', '0'], embedded, { timeoutMs: 120_000 });
    expect(subscribed.code, subscribed.stderr).toBe(0);
    const due = await runPaperboy(['status'], embedded, { timeoutMs: 120_000 });
    expect(due.stdout.replace(/\n {17}/g, ' ')).toMatch(/^Digests due now: 1 subscriber \(paperboy send sends them, or paperboy serve once it runs\)$/m);
    expect(due.stdout).not.toContain('the next send run');
    // Nor a digest a relay that does not answer left pending: no scheduled send will retry it.
    expect((await runPaperboy(['ingest'], embedded, { timeoutMs: 120_000 })).code).toBe(0);
    const unanswered = await runPaperboy(['send', '--wait', '0'], { ...embedded, SMTP_URL: `smtp://127.0.0.1:${await freePort()}` }, { timeoutMs: 120_000 });
    expect(unanswered.code).toBe(3);
    expect(unanswered.stdout).toMatch(/^1 active subscriber considered: 0 digests sent, 1 still pending \(paperboy send retries them, or paperboy serve once it runs\)\.$/m);
    expect(unanswered.stdout).not.toContain('scheduled');
  }, 360_000);

  it('reports an offline feed in one readable line per day, without a JSON log line', async () => {
    const closed = await freePort(); // nothing listens there
    const result = await runPaperboy(['fetch'], { ...env, LOG_LEVEL: undefined, FEED_URL: `http://127.0.0.1:${closed}/api/daily_papers` });
    expect(result.code).toBe(1);
    // One line per day it asks for (today and yesterday, as the service does).
    expect(problems(result)).toHaveLength(2);
    for (const line of problems(result)) expect(line).toMatch(/^feed http:\/\/127\.0\.0\.1:\d+\/api\/daily_papers\?date=\S+: fetch failed \(ECONNREFUSED\); nothing was stored for it, run it again later\.$/);
  });

  it('keeps the control characters of titles away from the terminal', async () => {
    const page = path.join(tempDir('paperboy-ansi-'), 'ansi.txt');
    writeFileSync(
      page,
      'new\n\nbyAK and the research community\n\nMar 11\n\n\u001b[31mBlinking\u001b[0m Glimmerwort Models\u0007 for Images\n\n' +
        'We train glimmerwort models whose \u001b]0;pwned\u0007samples blink. Glimmerwort models are everywhere.\n\n  • 3 authors\n·\nFeb 29 5\n',
    );
    expect((await runPaperboy(['ingest', page], env)).code).toBe(0);
    const result = await runPaperboy(['preview', '--topic', 'glimmerwort models'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Blinking Glimmerwort Models for Images');
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(result.stdout).not.toContain('[31m');
  });

  /** `paperboy preview … | head`: the reader gone before the first line, or (`afterFirst`) once it has read some. */
  const previewIntoClosedPipe = async (commandEnv: NodeJS.ProcessEnv, afterFirst = false) => {
    const child = spawn(process.execPath, [BIN, 'preview', '--topic', 'diffusion models', '--limit', '100'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...commandEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (afterFirst) child.stdout.once('data', () => child.stdout.destroy());
    else child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, stderr };
  };

  it('stops quietly when the reader closes the pipe (preview | head)', async () => {
    expect(await previewIntoClosedPipe(env)).toEqual({ code: 0, stderr: '' });
  });

  it('closes the embedded database before it stops for a closed pipe: the next command finds it shut down cleanly', async () => {
    // It exited at once, and the next command said "not shut down cleanly … recovering it", as after a kill.
    const embedded = await createTestDatabase('embedded');
    try {
      const embeddedEnv = testEnv(embedded);
      expect((await runPaperboy(['ingest'], embeddedEnv)).code).toBe(0);
      // A page of papers, of which the reader reads the first lines: the rest meets a closed pipe.
      expect(await previewIntoClosedPipe(embeddedEnv, true)).toEqual({ code: 0, stderr: '' });
      expect(existsSync(path.join(embedded.dataDir, 'pglite.lock'))).toBe(false);
      const next = await runPaperboy(['status'], embeddedEnv);
      expect(next.code, next.stderr).toBe(0);
      expect(next.stderr).not.toMatch(/not shut down cleanly/);
    } finally {
      await embedded.drop();
    }
  });
});

function withPath(url: string, pathname: string): string {
  const parsed = new URL(url);
  parsed.pathname = pathname;
  return parsed.toString();
}

function withUser(url: string, user: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  return parsed.toString();
}
