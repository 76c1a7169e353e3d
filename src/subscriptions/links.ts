// The URLs every email and page carries: one owner, the LinkBuilder, made once from PUBLIC_URL,
// APP_SECRET's signer and UNSUBSCRIBE_MAILTO by the composition root (main.ts) and handed to
// whoever needs a link, so that the web routes, the notices and the digests always agree.
import type { TokenSigner } from './tokens.js';

export const CONFIRM_TTL_HOURS = 72;

export interface SubscriberLinks {
  preferences: string;
  unsubscribe: string;
  /** The signed unsubscribe token alone: the subject of a List-Unsubscribe mailto. */
  unsubscribeToken: string;
}

export interface LinkBuilder {
  readonly publicUrl: string;
  /** The manage and unsubscribe links of a subscriber, bound to their current link key. */
  forSubscriber(linkKey: string): SubscriberLinks;
  /** The double opt-in link, valid for CONFIRM_TTL_HOURS from `now`. */
  confirm(linkKey: string, now: Date): string;
  /** "More like this" / "Less like this" under a paper: signed for this reader (their feedback key) and this paper. */
  feedback(feedbackKey: string, paperId: number): { more: string; less: string };
  /** "View in your browser" for one mailed digest. */
  webView(webToken: string): string;
  /** A preview belongs to nobody: its links show where a subscriber's would go. */
  preview(): { preferences: string; unsubscribe: string };
  /** The List-Unsubscribe headers of an email that carries these links. */
  unsubscribeHeaders(links: SubscriberLinks): Record<string, string>;
}

export interface LinkSettings {
  publicUrl: string;
  signer: TokenSigner;
  /** A mailbox the operator processes, for the List-Unsubscribe mailto; unset: https one-click only. */
  unsubscribeMailto?: string;
  /** Called once, when the first link is made (a note about where the links point). */
  onFirstUse?: () => void;
}

export function createLinkBuilder(settings: LinkSettings): LinkBuilder {
  const { publicUrl, signer, unsubscribeMailto } = settings;
  let firstUse = settings.onFirstUse;
  const used = () => {
    firstUse?.();
    firstUse = undefined;
  };
  return {
    get publicUrl() {
      used();
      return publicUrl;
    },
    forSubscriber: (linkKey) => (used(), subscriberLinks(publicUrl, signer, linkKey)),
    confirm: (linkKey, now) => (used(), confirmLink(publicUrl, signer, linkKey, now)),
    feedback: (feedbackKey, paperId) => (used(), feedbackLinks(publicUrl, signer, feedbackKey, paperId)),
    webView: (webToken) => (used(), `${publicUrl}/digest/${webToken}`),
    preview: () => (used(), { preferences: `${publicUrl}/preferences/preview`, unsubscribe: `${publicUrl}/unsubscribe/preview` }),
    unsubscribeHeaders: (links) => listUnsubscribeHeaders(links, unsubscribeMailto),
  };
}

// The builder's parts. Code outside this module takes a LinkBuilder rather than calling these with
// settings of its own (feedbackLinks stays exported for the tests that forge a foreign host's link).

function subscriberLinks(publicUrl: string, signer: TokenSigner, linkKey: string): SubscriberLinks {
  const manage = signer.sign({ purpose: 'manage', linkKey });
  const unsubscribe = signer.sign({ purpose: 'unsubscribe', linkKey });
  return {
    preferences: `${publicUrl}/preferences/${manage}`,
    unsubscribe: `${publicUrl}/unsubscribe/${unsubscribe}`,
    unsubscribeToken: unsubscribe,
  };
}

/** Bound to the reader's feedback key, not their link key: an export carries the link key to another database, where this paper id names another paper. */
export function feedbackLinks(publicUrl: string, signer: TokenSigner, feedbackKey: string, paperId: number): { more: string; less: string } {
  const base = `${publicUrl}/feedback/${signer.sign({ purpose: 'feedback', linkKey: feedbackKey, paperId })}`;
  return { more: `${base}/more`, less: `${base}/less` };
}

function confirmLink(publicUrl: string, signer: TokenSigner, linkKey: string, now: Date): string {
  const expiresAt = Math.floor(now.getTime() / 1000) + CONFIRM_TTL_HOURS * 3600;
  return `${publicUrl}/confirm/${signer.sign({ purpose: 'confirm', linkKey, expiresAt })}`;
}

/**
 * Headers that let mail clients offer one-click unsubscribe (RFC 8058): the https URL, which a
 * POST of `List-Unsubscribe=One-Click` unsubscribes at once; and a mailto only when the operator
 * names a mailbox they actually process (UNSUBSCRIBE_MAILTO). Never MAIL_FROM by default: a
 * mailto that nobody reads would tell readers they had left while their digests kept coming.
 * One-click is claimed only for an https URL, as RFC 8058 requires: with an http PUBLIC_URL (a
 * local trial) the link is still listed, without List-Unsubscribe-Post.
 */
function listUnsubscribeHeaders(links: SubscriberLinks, unsubscribeMailto?: string): Record<string, string> {
  const mailto = unsubscribeMailto ? `, <mailto:${unsubscribeMailto}?subject=${encodeURIComponent(`unsubscribe ${links.unsubscribeToken}`)}>` : '';
  return {
    'List-Unsubscribe': `<${links.unsubscribe}>${mailto}`,
    ...(links.unsubscribe.startsWith('https://') ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
  };
}

/** "Paperboy <news@example.org>" -> "news@example.org". */
export function mailboxOf(from: string): string {
  const match = /<([^>]+)>/.exec(from);
  return (match ? match[1]! : from).trim();
}
