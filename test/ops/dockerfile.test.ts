// No Docker engine runs here, so the image is checked without building it: the Dockerfile is
// linted, its shape asserted, and its start command run with its environment outside Docker.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createTestDatabase } from '../../testkit/database.js';
import { REPO_ROOT, shippedEnv, shippedNodeFlags } from '../../testkit/paths.js';
import { freePort, startServe } from '../helpers/serve.js';

const text = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(text);
const instructions = dockerfile.getInstructions();
const stages = dockerfile.getFROMs();
const runtime = instructions.filter((i) => i.getRange().start.line > stages[stages.length - 1]!.getRange().start.line);
const argsOf = (keyword: string) => runtime.filter((i) => i.getKeyword() === keyword).map((i) => i.getArgumentsContent() ?? '');

/** The runtime stage's ENV variables. */
function imageEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const instruction of runtime.filter((i) => i.getKeyword() === 'ENV')) {
    for (const property of (instruction as unknown as { getProperties(): Array<{ getName(): string; getValue(): string | null }> }).getProperties()) {
      env[property.getName()] = property.getValue() ?? '';
    }
  }
  return env;
}

describe('Dockerfile', () => {
  it('lints clean', () => {
    const problems = validate(text).map((d) => `${d.range.start.line + 1}: ${d.message}`);
    expect(problems).toEqual([]);
  });

  it('is multi-stage, runs as a non-root user, has a healthcheck and starts the service', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(argsOf('USER')).toEqual(['node']);
    expect(argsOf('HEALTHCHECK').join(' ')).toContain('/healthz');
    expect(argsOf('CMD').join(' ')).toContain('"serve"');
    // Only production dependencies reach the runtime image.
    expect(text).toMatch(/npm prune --omit=dev/);
  });

  it('starts with its own command and environment, migrating an empty database first', async () => {
    const env = imageEnv();
    expect(env).toMatchObject({ NODE_ENV: 'production', DATA_DIR: '/data' });
    const cmd = JSON.parse(argsOf('CMD')[0]!) as string[];
    expect(cmd[0]).toBe('node');
    expect(cmd.slice(-2)).toEqual(['bin/paperboy.js', 'serve']);
    // Outside Docker, /data and /app are temporary directories and the repository.
    const db = await createTestDatabase('postgres');
    const port = await freePort();
    const serve = await startServe(
      { ...env, DATA_DIR: db.dataDir, OUTBOX_DIR: path.join(db.dataDir, 'outbox'), SEEDS_DIR: path.join(REPO_ROOT, 'seeds'), DATABASE_URL: db.url!, APP_SECRET: 'x'.repeat(40), LOG_LEVEL: 'info' },
      port,
    );
    try {
      expect(serve.output()).toMatch(/database migrated/);
      const health = await fetch(`${serve.url}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
      await db.drop();
    }
  });
});

describe('the V8 flags and environment the command ships with', () => {
  it('are the same in bin/paperboy.js, npm start and the image', () => {
    const flags = shippedNodeFlags();
    const env = shippedEnv();
    expect(flags).toEqual(['--heap-growing-percent=50']);
    expect(env).toEqual({ MALLOC_ARENA_MAX: '2' });
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const assignments = Object.entries(env).map(([name, value]) => `${name}=${value}`);
    // `exec`: the shell npm runs the script in becomes node, so the SIGTERM or Ctrl-C npm passes on
    // reaches the service (without it, `kill <npm's pid>` left the service running, owned by init).
    expect(pkg.scripts.start).toBe([...assignments, 'exec', 'node', ...flags, 'bin/paperboy.js', 'serve'].join(' '));
    expect(JSON.parse(argsOf('CMD')[0]!)).toEqual(['node', ...flags, 'bin/paperboy.js', 'serve']);
    expect(imageEnv()).toMatchObject(env);
  });
});

describe('docker-compose.yml', () => {
  it('wires Paperboy to PostgreSQL and a mail catcher', () => {
    const compose = parseYaml(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { image?: string; build?: string; environment?: Record<string, string>; depends_on?: Record<string, unknown> }>;
    };
    const app = compose.services.paperboy!;
    expect(app.build).toBe('.');
    expect(app.environment?.DATABASE_URL).toMatch(/@postgres:5432\//);
    expect(app.environment?.SMTP_URL).toBe('smtp://mailpit:1025');
    expect(compose.services.postgres?.image).toMatch(/^postgres:/);
    expect(compose.services.mailpit?.image).toMatch(/mailpit/);
    expect(Object.keys(app.depends_on ?? {})).toEqual(expect.arrayContaining(['postgres', 'mailpit']));
  });
});
