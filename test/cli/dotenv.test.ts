// One configuration for every process: the service and the commands run from the same directory
// read the same `.env`, so a digest sent from the command line carries the service's links; the
// environment wins over the file.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET } from '../../testkit/app.js';
import { runPaperboy } from '../helpers/cli.js';
import { createTestDatabase, tempDir, type TestDatabase } from '../../testkit/database.js';
import { SEEDS_DIR } from '../../testkit/paths.js';
import { freePort, startServe } from '../helpers/serve.js';

describe('.env in the working directory', () => {
  let db: TestDatabase;
  let dir: string;
  let port: number;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    dir = tempDir('paperboy-dotenv-');
    port = await freePort();
    writeFileSync(
      path.join(dir, '.env'),
      [
        '# as copied from .env.example and edited',
        `DATABASE_URL=${db.url}`,
        `APP_SECRET=${TEST_SECRET}`,
        `SEEDS_DIR=${SEEDS_DIR}`,
        'OUTBOX_DIR=./outbox',
        'MAIL_FROM="Lab papers <papers@lab.test>"',
        `PORT=${port}`,
      ].join('\n'),
    );
  });
  afterAll(async () => db?.drop());

  // Each starts the service and runs commands beside it: minutes on a loaded machine.
  it('gives a digest sent from the command line the links of the running service', { timeout: 240_000 }, async () => {
    const serve = await startServe({}, port, 180_000, dir);
    try {
      const running = serve.output().split('\n').find((line) => line.includes('paperboy is running'));
      const serviceUrl = JSON.parse(running!).url as string;
      expect(serviceUrl).toBe(`http://localhost:${port}`);
      expect((await runPaperboy(['subscribe', 'ada@lab.test', '--topic', 'diffusion models'], {}, { cwd: dir })).code).toBe(0);
      const send = await runPaperboy(['send', '--now'], {}, { cwd: dir });
      expect(send.code).toBe(0);
      const outbox = path.join(dir, 'outbox');
      const files = readdirSync(outbox).filter((file) => file.endsWith('.eml'));
      expect(files).toHaveLength(1);
      const mail = await simpleParser(readFileSync(path.join(outbox, files[0]!)));
      expect(mail.from?.text).toContain('papers@lab.test');
      const links = [...String(mail.html).matchAll(/href="(http[^"]+)"/g)].map((m) => m[1]!).filter((url) => /unsubscribe|preferences|digest/.test(url));
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) expect(link.startsWith(`${serviceUrl}/`)).toBe(true);
      expect(readFileSync(path.join(outbox, files[0]!), 'utf8')).toMatch(new RegExp(`^List-Unsubscribe:\\s+<${serviceUrl}/`, 'm'));
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
  });

  it("without .env, a command beside a service given PORT in its own environment makes the service's links, and says so", { timeout: 240_000 }, async () => {
    const bare = tempDir('paperboy-beside-');
    const env = { DATABASE_URL: db.url, APP_SECRET: TEST_SECRET, SEEDS_DIR };
    const servicePort = await freePort();
    const serve = await startServe(env, servicePort, 180_000, bare);
    const render = (extra: NodeJS.ProcessEnv) => {
      const out = path.join(bare, 'preview.html');
      return runPaperboy(['render', '--topic', 'diffusion models', '--out', out], { ...env, ...extra }, { cwd: bare }).then((result) => ({ ...result, html: readFileSync(out, 'utf8') }));
    };
    try {
      // As issue 15 saw it: `PORT=3100 npm start`, then `paperboy send --now` in a second terminal.
      const beside = await render({});
      expect(beside.code).toBe(0);
      expect(beside.html).toContain(`http://localhost:${servicePort}/preferences/preview`);
      expect(beside.stderr).toContain(`paperboy: links point at http://localhost:${servicePort}, the address of the service running beside this command`);
      const other = await render({ PORT: '3999' });
      expect(other.html).toContain('http://localhost:3999/preferences/preview');
      expect(other.stderr).toMatch(/warning: links point at http:\/\/localhost:3999 \(this command's PORT\), not at http:\/\/localhost:\d+, where the service beside it/);
      // A command that makes no link says nothing about them.
      expect((await runPaperboy(['status'], env, { cwd: bare })).stderr).toBe('');
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
    // Stopped: the command's own default again, and no note.
    const after = await render({});
    expect(after.html).toContain('http://localhost:3000/preferences/preview');
    expect(after.stderr).toBe('');
  });

  it('lets the environment override the file', async () => {
    const out = path.join(dir, 'preview.html');
    const result = await runPaperboy(['render', '--topic', 'diffusion models', '--out', out], { PUBLIC_URL: 'https://papers.example.org' }, { cwd: dir });
    expect(result.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('https://papers.example.org/preferences/preview');
    expect(html).not.toContain(`localhost:${port}`);
  });

  it('refuses a setting misspelt in the file, which would otherwise be ignored without a word', async () => {
    const typo = tempDir('paperboy-dotenv-');
    // DATABSE_URL ignored would run on the embedded database; POSTGRES_PASSWORD is docker compose's, not a typo.
    writeFileSync(path.join(typo, '.env'), [`DATABSE_URL=${db.url}`, `APP_SECRET=${TEST_SECRET}`, 'POSTGRES_PASSWORD=secret'].join('\n'));
    const result = await runPaperboy(['status'], {}, { cwd: typo });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`paperboy: ${path.join(typo, '.env')}: DATABSE_URL is not a Paperboy setting; did you mean DATABASE_URL? (rename it, or remove the line)`);
    writeFileSync(path.join(typo, '.env'), [`DATABASE_URL=${db.url}`, `APP_SECRET=${TEST_SECRET}`, 'POSTGRES_PASSWORD=secret'].join('\n'));
    expect((await runPaperboy(['status'], {}, { cwd: typo })).code).toBe(0);
  });

  it('reads a file saved by a Windows editor: byte-order mark, CRLF, `export`, quotes and comments', async () => {
    const windows = tempDir('paperboy-dotenv-');
    const other = await freePort();
    const lines = [`PORT=${other} # the lab's port`, `export DATABASE_URL="${db.url}"`, `APP_SECRET='${TEST_SECRET}'`, '# the rest as in .env.example', 'OUTBOX_DIR=./outbox'];
    // The BOM is in front of the first name: read as part of it, PORT was silently not set.
    writeFileSync(path.join(windows, '.env'), `\uFEFF${lines.join('\r\n')}\r\n`);
    const out = path.join(windows, 'preview.html');
    const result = await runPaperboy(['render', '--topic', 'diffusion models', '--out', out], {}, { cwd: windows });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain(`http://localhost:${other}/preferences/preview`);
    // DATABASE_URL came from the file: no embedded database was made under ./data.
    expect(readdirSync(windows).sort()).toEqual(['.env', 'preview.html']);
  });

  it('reads the file for a setting the environment has empty, as every setting reads empty as unset', async () => {
    const empty = tempDir('paperboy-dotenv-');
    writeFileSync(path.join(empty, '.env'), [`DATABASE_URL=${db.url}`, `APP_SECRET=${TEST_SECRET}`].join('\n'));
    // As a compose file's `DATABASE_URL: ${DATABASE_URL}` passes it when the shell has none.
    const result = await runPaperboy(['migrate'], { DATABASE_URL: '', APP_SECRET: '' }, { cwd: empty });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Database: postgres(ql)?:\/\//m);
    // Not an embedded database made under ./data instead.
    expect(readdirSync(empty)).toEqual(['.env']);
  });

  it('says which bad value came from the file, and which from the environment', async () => {
    const bad = tempDir('paperboy-dotenv-');
    writeFileSync(path.join(bad, '.env'), [`DATABASE_URL=${db.url}`, `APP_SECRET=${TEST_SECRET}`, 'SEND_CRON=61 * * * *', 'PORT=3000'].join('\n'));
    const result = await runPaperboy(['status'], { PORT: 'abc' }, { cwd: bad });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'paperboy: PORT must be a number',
      `paperboy: ${path.join(bad, '.env')}: SEND_CRON is not a valid cron expression ("61 * * * *": minute "61" is out of range or malformed); use five fields: minute hour day month weekday, e.g. "*/10 * * * *"`,
    ]);
  });

  it('says so in one line when the file cannot be read', async () => {
    const broken = tempDir('paperboy-dotenv-');
    mkdirSync(path.join(broken, '.env'));
    const result = await runPaperboy(['status'], {}, { cwd: broken });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/\.env: cannot be read/);
  });
});
