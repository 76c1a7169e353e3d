// Owns an embedded database (DATA_DIR given as the argument) and serves it on its socket until
// killed, like `paperboy serve` but without any job of its own: a test can then kill the owner
// under a command attached to it. SIGTERM stops it as serve stops: the database closed first.
import { migrate } from '../../../src/db/index.js';
import { openEmbedded } from '../../../src/db/embedded.js';

const db = await openEmbedded({ dataDir: process.argv[2]! });
await migrate(db);
process.stdout.write('ready\n');
const alive = setInterval(() => {}, 1 << 30);
process.once('SIGTERM', () => {
  clearInterval(alive);
  void db.close().then(() => process.exit(0));
});
