// Commander's own refusals (an unknown option or command, a missing argument) read as the tool's
// own do: every line on stderr starts with "paperboy:", the suggestion sits on the line it
// corrects, the hint names the command's own --help, and the exit code is 2 (README, "Exit codes").
// No database: commander refuses before any command opens one.
import { describe, expect, it } from 'vitest';
import { runPaperboy } from '../helpers/cli.js';

describe('usage errors', () => {
  const cases: Array<[string[], string[]]> = [
    [['--bogus'], ["paperboy: unknown option '--bogus'", 'paperboy: see paperboy --help']],
    [['stauts'], ["paperboy: unknown command 'stauts' (did you mean status?)", 'paperboy: see paperboy --help']],
    [['send', '--nwo'], ["paperboy: unknown option '--nwo' (did you mean --now?)", 'paperboy: see paperboy send --help']],
    [['erase'], ["paperboy: missing required argument 'email'", 'paperboy: see paperboy erase --help']],
    [['status', '--editions'], ["paperboy: option '--editions <n>' argument missing", 'paperboy: see paperboy status --help']],
    [['help', 'bogus'], ["paperboy: unknown command 'bogus'", 'paperboy: see paperboy --help']],
    // What was typed is repeated without its escape sequences: no colour or cursor move reaches the terminal.
    [['send', '--\u001b[31mred'], ["paperboy: unknown option '--red'", 'paperboy: see paperboy send --help']],
  ];
  for (const [args, lines] of cases) {
    it(`paperboy ${args.join(' ')}`, async () => {
      const result = await runPaperboy(args, {});
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trimEnd().split('\n')).toEqual(lines);
    });
  }

  it('paperboy help send still prints the help of send, exit 0, its defaults written as the others are', async () => {
    const result = await runPaperboy(['help', 'send'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: paperboy send/);
    // Not `(default: "10")`: quoted, a number read as text.
    expect(result.stdout.replace(/\s+/g, ' ')).toContain('0: do not wait (default 10)');
    expect(result.stdout).toContain('(default 60)');
    expect(result.stdout).not.toContain('default: "');
  });
});
