// The digest of a preview (`paperboy render`): what a reader with these topics would get now,
// composed like a mailed digest but belonging to nobody, so its links only show where a
// subscriber's would go. The papers come from the preview use case (matching/preview.ts).
import { composeDigest, toDigestPaper, type StoredPaper } from './compose.js';
import { editionFor } from '../calendar/index.js';
import { localDay } from '../shared/time.js';
import type { MatchReason } from '../matching/index.js';
import type { DigestView } from './types.js';

interface PreviewedPaper {
  ranked: { reasons: MatchReason[]; score: number; older: boolean };
  paper: StoredPaper;
}

export interface PreviewDigestInput {
  topics: string[];
  papers: PreviewedPaper[];
  trending: PreviewedPaper[];
  frequency: 'daily' | 'weekly';
  timeZone: string;
  now: Date;
  /** Where a subscriber's links would go (LinkBuilder.preview()). */
  links: { preferences: string; unsubscribe: string };
  publicUrl: string;
  postalAddress: string;
  /** The preview's --limit. */
  places?: number;
}

export function composePreviewDigest(input: PreviewDigestInput): DigestView {
  const { frequency, timeZone } = input;
  // Made now: no paper is shown published after the reader's today, as in a mailed digest.
  const readerToday = localDay(input.now, timeZone);
  const digestPaper = ({ ranked, paper }: PreviewedPaper) => toDigestPaper(paper, ranked, readerToday);
  return composeDigest({
    // The edition a reader in this zone would get now: their local day, or their local week.
    edition: { frequency, date: editionFor({ frequency, sendHour: 0, sendWeekday: 1, timeZone }, input.now).date },
    timeZone,
    topics: input.topics,
    places: input.places,
    papers: input.papers.map(digestPaper),
    trending: input.trending.map(digestPaper),
    links: { ...input.links, webView: null },
    subscribedAt: null,
    publicUrl: input.publicUrl,
    postalAddress: input.postalAddress,
  });
}
