// The URLs every email carries. Built in one place so the web routes and the mail agree.
import type { TokenSigner } from './tokens.js';

export const CONFIRM_TTL_HOURS = 72;

export interface SubscriberLinks {
  preferences: string;
  unsubscribe: string;
  /** The signed unsubscribe token alone: the subject of a List-Unsubscribe mailto. */
  unsubscribeToken: string;
}

export function subscriberLinks(publicUrl: string, signer: TokenSigner, linkKey: string): SubscriberLinks {
  const manage = signer.sign({ purpose: 'manage', linkKey });
  const unsubscribe = signer.sign({ purpose: 'unsubscribe', linkKey });
  return {
    preferences: `${publicUrl}/preferences/${manage}`,
    unsubscribe: `${publicUrl}/unsubscribe/${unsubscribe}`,
    unsubscribeToken: unsubscribe,
  };
}

/** "More like this" / "Less like this" under a paper: signed for this reader and this paper. */
export function feedbackLinks(publicUrl: string, signer: TokenSigner, linkKey: string, paperId: number): { more: string; less: string } {
  const base = `${publicUrl}/feedback/${signer.sign({ purpose: 'feedback', linkKey, paperId })}`;
  return { more: `${base}/more`, less: `${base}/less` };
}

export function confirmLink(publicUrl: string, signer: TokenSigner, linkKey: string, now: Date): string {
  const expiresAt = Math.floor(now.getTime() / 1000) + CONFIRM_TTL_HOURS * 3600;
  return `${publicUrl}/confirm/${signer.sign({ purpose: 'confirm', linkKey, expiresAt })}`;
}

/**
 * Headers that let mail clients offer one-click unsubscribe (RFC 8058): the https URL, which a
 * POST of `List-Unsubscribe=One-Click` unsubscribes at once; and a mailto only when the operator
 * names a mailbox they actually process (UNSUBSCRIBE_MAILTO). Never MAIL_FROM by default: a
 * mailto that nobody reads would tell readers they had left while their digests kept coming.
 */
export function listUnsubscribeHeaders(links: SubscriberLinks, unsubscribeMailto?: string): Record<string, string> {
  const mailto = unsubscribeMailto ? `, <mailto:${unsubscribeMailto}?subject=${encodeURIComponent(`unsubscribe ${links.unsubscribeToken}`)}>` : '';
  return {
    'List-Unsubscribe': `<${links.unsubscribe}>${mailto}`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

/** "Paperboy <news@example.org>" -> "news@example.org". */
export function mailboxOf(from: string): string {
  const match = /<([^>]+)>/.exec(from);
  return (match ? match[1]! : from).trim();
}
