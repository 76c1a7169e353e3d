// Tests of a relay host that does not resolve rely on this machine's resolver answering "no such
// host" (ENOTFOUND) for a reserved .invalid name. A machine whose DNS server cannot be reached
// answers EAI_AGAIN or times out instead: those tests are then skipped, not failed.
import { promises as dns } from 'node:dns';

export async function resolverSaysNoSuchHost(host: string): Promise<boolean> {
  const code = (promise: Promise<unknown>) => promise.then(() => 'found', (error: NodeJS.ErrnoException) => error.code);
  const [resolved, looked] = await Promise.all([code(dns.resolve4(host)), code(dns.lookup(host))]);
  return resolved === 'ENOTFOUND' && looked === 'ENOTFOUND';
}
