// `paperboy --help` and `--version` must stay fast: they load the command line and nothing of the
// program's heavy machinery. Checked by the modules a real child process resolves (a module hook
// records every one), not by timing; the times are `npm run bench:cli`'s.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../testkit/database.js';
import { BIN, REPO_ROOT } from '../../testkit/paths.js';

const HOOKS = `
import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(file, result.url + '\\n');
  return result;
}`;

/** Runs the command and returns its stdout and every module URL it resolved. */
function runTraced(args: string[]): { stdout: string; modules: string[] } {
  const file = path.join(tempDir('paperboy-trace-'), 'modules.txt');
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)}, { data: { file: ${JSON.stringify(file)} } });`;
  const stdout = execFileSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, BIN, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  return { stdout, modules: readFileSync(file, 'utf8').split('\n').filter(Boolean) };
}

const HEAVY = ['@prisma/client', '/db/generated/', '@electric-sql/pglite', '/node_modules/pg/', 'mjml', 'fastify', 'nodemailer', 'pino', 'prom-client', 'handlebars', 'node-cron'];

describe('paperboy start-up', () => {
  for (const args of [['--help'], ['--version'], ['status', '--help'], ['send', '--help'], ['subscribe', '--help'], ['preview', '--help']]) {
    it(`${args.join(' ')} loads no database, mailer, template engine or web server`, () => {
      const { modules } = runTraced(args);
      expect(modules.length).toBeGreaterThan(0);
      expect(modules.filter((url) => HEAVY.some((name) => url.includes(name)))).toEqual([]);
    });
  }

  it('--version prints the version of package.json', () => {
    const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(runTraced(['--version']).stdout.trim()).toBe(version);
    expect(runTraced(['-V']).stdout.trim()).toBe(version);
  });

  it('--help lists every command with its summary', () => {
    const { stdout } = runTraced(['--help']);
    for (const command of ['migrate', 'ingest', 'subscribe', 'send', 'status', 'retry', 'serve', 'preview', 'render', 'fetch', 'subscribers', 'unsubscribe', 'erase']) {
      expect(stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    }
  });
});
