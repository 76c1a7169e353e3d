// What an operator reads when the database does not answer: the driver's reason, not Prisma's
// wrapping of it ("Raw query failed. Code: `N/A`. Message: `…`").
import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, describeDbError } from '../../src/db/index.js';

describe('describeDbError', () => {
  it('unwraps a raw query failure to its reason, with the PostgreSQL code when there is one', () => {
    expect(describeDbError(new Error('Raw query failed. Code: `N/A`. Message: `Server has closed the connection.`'))).toBe('Server has closed the connection.');
    expect(describeDbError(new Error('Raw query failed. Code: `57P01`. Message: `terminating connection due to administrator command`'))).toBe(
      'terminating connection due to administrator command (57P01)',
    );
    const gone = new DatabaseUnavailableError(30_000, new Error("Raw query failed. Code: `N/A`. Message: `Can't reach database server at /data/run/.s.PGSQL.5432`"));
    expect(gone.message).toBe("the database did not answer for 30 s (Can't reach database server at /data/run/.s.PGSQL.5432)");
  });

  it('keeps the last line of an invocation error, and anything else as it is', () => {
    expect(describeDbError(new Error('\nInvalid `prisma.paper.count()` invocation:\n\n\nCan\'t reach database server at 127.0.0.1:5999'))).toBe("Can't reach database server at 127.0.0.1:5999");
    expect(describeDbError(new Error('connect ECONNREFUSED 127.0.0.1:5999'))).toBe('connect ECONNREFUSED 127.0.0.1:5999');
  });
});
