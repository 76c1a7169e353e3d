// Whether an arXiv entry is a withdrawal. A withdrawn paper stays on arXiv as a new version that
// says so: in its comment ("This paper has been withdrawn by the author due to an error in
// Lemma 2", or just "Withdrawn"), and for recent ones with a notice in place of the abstract ("This
// paper has been withdrawn by arXiv administrators…"). The comment is arXiv's field for such words,
// so a notice anywhere in it counts; in an abstract only a notice at its start counts, so that a
// paper about withdrawal (of a drug, of a bid) is not taken for a withdrawn one.

const WORK = String.raw`(?:paper|article|submission|manuscript|preprint|work|report)`;

const NOTICES = [
  // "This paper has been withdrawn", "The submission is withdrawn"
  new RegExp(String.raw`\b(?:this|the|our)\s+${WORK}\s+(?:has\s+been|have\s+been|is|was|is\s+being)\s+withdrawn\b`, 'i'),
  // "Withdrawn by the authors", "withdrawn by arXiv administrators"
  /\bwithdrawn\s+by\s+(?:the\s+)?(?:authors?|submitter|arxiv\b)/i,
  // "We withdraw this paper", "The authors have decided to withdraw the manuscript"
  new RegExp(String.raw`\b(?:we|i|authors?)\s+(?:have\s+)?(?:decided\s+to\s+|would\s+like\s+to\s+|wish\s+to\s+)?withdr[ae]w\s+(?:this|the|our)\s+${WORK}\b`, 'i'),
];

/** A comment that opens with the word: "Withdrawn", "Paper withdrawn.", "withdrawn: see 2402.00001". */
const OPENS_WITH_WITHDRAWN = new RegExp(String.raw`^\W*(?:${WORK}\s+)?withdrawn\b`, 'i');

/** The start of an abstract read for a notice: about its first sentence. */
const ABSTRACT_HEAD = 200;

export function isWithdrawal(entry: { comment: string | null; abstract: string }): boolean {
  const { comment, abstract } = entry;
  if (comment !== null && (OPENS_WITH_WITHDRAWN.test(comment) || NOTICES.some((notice) => notice.test(comment)))) return true;
  const head = abstract.slice(0, ABSTRACT_HEAD);
  return OPENS_WITH_WITHDRAWN.test(head) || NOTICES.some((notice) => notice.test(head));
}
