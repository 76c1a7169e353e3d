// Names of corpus listings that more than one domain reads: the corpus writes them, matching
// tells arXiv's own announcements from readers' curation (pages, feed days) by them.

/**
 * arXiv's own listings are named `arxiv:<category>:<YYYY-MM-DD>`: they date a paper, but being
 * announced by arXiv (once per category it is cross-listed in) is no sign of readers' interest,
 * so trending ignores them.
 */
export const ARXIV_LISTING_PREFIX = 'arxiv:';
