// The note a running service leaves in DATA_DIR (service.json) so that commands beside it make its
// links: one service's note is its own; a second on the same DATA_DIR neither replaces nor removes it.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkBaseBesideService, mailBesideService, removeServiceAddress, writeServiceAddress } from '../../src/config/index.js';
import { tempDir } from '../../testkit/database.js';

describe("the running service's address", () => {
  it("is the first service's while it lives, and a command without PUBLIC_URL or PORT follows it", async () => {
    const dataDir = tempDir('paperboy-service-note-');
    const note = () => JSON.parse(readFileSync(path.join(dataDir, 'service.json'), 'utf8')) as { pid: number; publicUrl: string };
    const first = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      writeFileSync(path.join(dataDir, 'service.json'), JSON.stringify({ pid: first.pid, host: hostname(), publicUrl: 'http://localhost:3421', mail: '/srv/papers/outbox' }));
      // This process as a second service on port 3422.
      writeServiceAddress(dataDir, 'http://localhost:3422', 'smtp://relay.example.org:587/');
      removeServiceAddress(dataDir);
      expect(note()).toMatchObject({ pid: first.pid, publicUrl: 'http://localhost:3421' });
      expect(linkBaseBesideService('http://localhost:3000', {}, dataDir)).toMatchObject({ publicUrl: 'http://localhost:3421', note: { level: 'notice' } });
      expect(linkBaseBesideService('https://papers.example.org', { PUBLIC_URL: 'https://papers.example.org' }, dataDir)).toMatchObject({ publicUrl: 'https://papers.example.org', note: { level: 'warn' } });
      // A `send` with an SMTP_URL of its own beside a service writing to its outbox: warned that
      // what it leaves pending goes the service's way.
      expect(mailBesideService(dataDir, 'smtp://relay.example.org:587/')).toMatch(/^this command sends to smtp:\/\/relay\.example\.org:587\/, the service beside it \(process \d+\) to \/srv\/papers\/outbox: /);
      expect(mailBesideService(dataDir, '/srv/papers/outbox')).toBeUndefined();
    } finally {
      first.kill('SIGKILL');
    }
    await new Promise((resolve) => first.once('exit', resolve));
    // Its process gone (a kill -9 leaves the note behind): nobody follows it, and the next service writes its own.
    expect(linkBaseBesideService('http://localhost:3000', {}, dataDir)).toEqual({ publicUrl: 'http://localhost:3000' });
    writeServiceAddress(dataDir, 'http://localhost:3422', '/srv/papers/outbox');
    expect(note()).toMatchObject({ pid: process.pid, publicUrl: 'http://localhost:3422' });
    removeServiceAddress(dataDir);
    expect(linkBaseBesideService('http://localhost:3000', {}, dataDir)).toEqual({ publicUrl: 'http://localhost:3000' });
  });
});
