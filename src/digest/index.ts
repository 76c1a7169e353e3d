// The digest: what a reader's email is made of (DigestView), composed from chosen papers and
// rendered to a subject, HTML and text (MJML, in a worker thread), plus the notice emails.
export { createRenderer, EMAIL_NAMES, HTML_BUDGET, type Renderer, type RendererOptions, type EmailName, type ConfirmationInput, type WelcomeInput, type GoodbyeInput } from './render.js';
export { composeDigest, composeDelivered, toDigestPaper, type ComposeInput, type DeliveredInput, type StoredPaper } from './compose.js';
export { editionDayOf, type EditionDay } from './edition-dates.js';
export { paperLinks, type PaperLinks } from './paper-links.js';
export type { DigestView, DigestPaper, RenderedEmail } from './types.js';
export { composePreviewDigest } from './preview.js';
