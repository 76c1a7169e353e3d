// Gmail clips messages over about 100 KB, hiding the footer and its unsubscribe link.

import { beforeAll, describe, expect, it } from 'vitest';
import { createRenderer, HTML_BUDGET, type Renderer } from '../../src/digest/render.js';
import {
  confirmationInput,
  goodbyeInput,
  largestView,
  paper,
  typicalView,
  welcomeInput,
} from '../../testkit/digest-views.js';
import { TEMPLATES_DIR } from './templates-dir.js';

let renderer: Renderer;
beforeAll(async () => {
  renderer = await createRenderer({ templatesDir: TEMPLATES_DIR });
});

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('size budget', () => {
  it('keeps the largest digest (50 papers, 3 trending, long fields) under 100 KB, feedback links on every paper', () => {
    const view = largestView();
    const { html, text } = renderer.digest(view);
    expect(bytes(html)).toBeLessThanOrEqual(HTML_BUDGET);
    expect(HTML_BUDGET).toBeLessThanOrEqual(100_000);
    // Every paper keeps its "more / less like this" links; the abstracts give way first.
    expect(html.match(/>Less like this</g)).toHaveLength(53);
    expect(text.match(/^\d+\. /gm)).toHaveLength(50);
    expect(text.match(/^\* /gm)).toHaveLength(3);
  });

  it('keeps full detail for a digest of 25 papers', () => {
    const view = largestView();
    view.papers = view.papers.slice(0, 25);
    const { html } = renderer.digest(view);
    expect(bytes(html)).toBeLessThanOrEqual(HTML_BUDGET);
    // Full detail: two reasons per paper and the rest counted, not the compact fallback.
    expect(html).toContain('· <b>+4 more</b>');
    expect(html.match(/>Less like this</g)).toHaveLength(28);
  });

  it('falls back to a compact digest rather than exceed the budget', () => {
    // Every character of these needs escaping, several times its own size.
    const nasty = '"<&>\' '.repeat(60);
    const view = largestView();
    view.papers = view.papers.map((p) => ({ ...p, title: nasty, abstract: nasty.repeat(3) }));
    const { html } = renderer.digest(view);
    expect(bytes(html)).toBeLessThanOrEqual(HTML_BUDGET);
    expect(html).not.toContain('matched:'); // the smallest level: titles and links
    expect(html).toContain('Trending today');
  });

  it('keeps the other emails small', () => {
    for (const email of [
      renderer.digest({ ...typicalView, papers: [paper()] }),
      renderer.confirmation(confirmationInput),
      renderer.welcome(welcomeInput),
      renderer.goodbye(goodbyeInput),
    ]) {
      expect(bytes(email.html)).toBeLessThan(20_000);
    }
  });
});
