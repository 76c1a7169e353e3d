// The URLs every email carries. Built in one place so the web routes and the mail agree.
import type { TokenSigner } from './tokens.js';

export const CONFIRM_TTL_HOURS = 72;

export interface SubscriberLinks {
  preferences: string;
  unsubscribe: string;
  /** For the List-Unsubscribe header (RFC 2369/8058). */
  unsubscribeMailto: string;
}

export function subscriberLinks(publicUrl: string, signer: TokenSigner, linkKey: string, mailFrom: string): SubscriberLinks {
  const manage = signer.sign({ purpose: 'manage', linkKey });
  const unsubscribe = signer.sign({ purpose: 'unsubscribe', linkKey });
  return {
    preferences: `${publicUrl}/preferences/${manage}`,
    unsubscribe: `${publicUrl}/unsubscribe/${unsubscribe}`,
    unsubscribeMailto: `mailto:${mailboxOf(mailFrom)}?subject=${encodeURIComponent(`unsubscribe ${unsubscribe}`)}`,
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

/** Headers that let mail clients offer one-click unsubscribe (RFC 8058). */
export function listUnsubscribeHeaders(links: SubscriberLinks): Record<string, string> {
  return {
    'List-Unsubscribe': `<${links.unsubscribe}>, <${links.unsubscribeMailto}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

/** "Paperboy <news@example.org>" -> "news@example.org". */
export function mailboxOf(from: string): string {
  const match = /<([^>]+)>/.exec(from);
  return (match ? match[1]! : from).trim();
}
