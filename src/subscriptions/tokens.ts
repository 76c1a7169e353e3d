// Signed link tokens. A token names a purpose and the subscriber's random link key (for feedback,
// their feedback key: links.ts; never their id or email), optionally an expiry, and carries an HMAC-SHA256 of all that under APP_SECRET.
// A token for one purpose never verifies for another, and rotating a subscriber's link key
// revokes every link they hold.
import { createHmac, timingSafeEqual } from 'node:crypto';

// 'feedback': "more / less like this" on one paper; its token also names the paper.
const PURPOSES = ['confirm', 'manage', 'unsubscribe', 'feedback'] as const;
export type TokenPurpose = (typeof PURPOSES)[number];

export interface TokenClaims {
  purpose: TokenPurpose;
  linkKey: string;
  /** Seconds since the epoch; absent for links that live as long as the subscription. */
  expiresAt?: number;
  /** The paper a feedback link is about. */
  paperId?: number;
}

export interface TokenSigner {
  sign(claims: TokenClaims): string;
  /** The claims when the token is genuine, for this purpose, and not expired; otherwise null. */
  verify(token: string, purpose: TokenPurpose, now: Date): TokenClaims | null;
  /**
   * The key a whole token names when its signature is of full length but not one this secret makes
   * for any purpose: a link signed under another APP_SECRET (or forged). Never trusted for anything
   * but telling a reader, whose key it turns out to be, why their link stopped (manage.ts).
   */
  foreignKey(token: string): string | null;
}

const MAX_TOKEN_LENGTH = 512;
/** base64url payload, a dot, base64url signature: anything else is refused before any work. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export function createTokenSigner(secret: string): TokenSigner {
  const mac = (purpose: string, payload: string) =>
    createHmac('sha256', secret).update(`${purpose}.${payload}`).digest();
  /** Whether `given` is this secret's signature of the payload for the purpose (in constant time). */
  const signedFor = (purpose: TokenPurpose, payload: string, given: Buffer) => {
    const expected = mac(purpose, payload);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  return {
    sign(claims) {
      const payload = Buffer.from(JSON.stringify({ k: claims.linkKey, e: claims.expiresAt, p: claims.paperId })).toString('base64url');
      return `${payload}.${mac(claims.purpose, payload).toString('base64url')}`;
    },
    verify(token, purpose, now) {
      const parts = partsOf(token);
      if (!parts) return null;
      const [payload, given] = parts;
      if (!signedFor(purpose, payload, given)) return null;
      try {
        const body = bodyOf(payload);
        if (typeof body.k !== 'string') return null;
        const expiresAt = typeof body.e === 'number' ? body.e : undefined;
        if (expiresAt !== undefined && expiresAt * 1000 < now.getTime()) return null;
        const paperId = Number.isSafeInteger(body.p) ? (body.p as number) : undefined;
        return { purpose, linkKey: body.k, expiresAt, ...(paperId !== undefined ? { paperId } : {}) };
      } catch {
        return null;
      }
    },
    foreignKey(token) {
      const parts = partsOf(token);
      if (!parts) return null;
      const [payload, given] = parts;
      if (given.length !== SIGNATURE_BYTES || PURPOSES.some((purpose) => signedFor(purpose, payload, given))) return null;
      try {
        const key = bodyOf(payload).k;
        return typeof key === 'string' ? key : null;
      } catch {
        return null;
      }
    },
  };
}

/** An HMAC-SHA256: a signature cut short is a link copied in part, not one signed elsewhere. */
const SIGNATURE_BYTES = 32;

/** Payload and signature of a token of the right shape, before any check of the signature. */
function partsOf(token: string): [string, Buffer] | null {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !TOKEN_SHAPE.test(token)) return null;
  const [payload, signature] = token.split('.') as [string, string];
  return [payload, Buffer.from(signature, 'base64url')];
}

const bodyOf = (payload: string) => JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { k?: unknown; e?: unknown; p?: unknown };
