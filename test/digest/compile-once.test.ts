// MJML costs tens of milliseconds per document: it must run at startup only, never per recipient,
// and in a thread of its own, so that the process does not carry MJML for its whole life.
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileTemplates, createRenderer, type TemplateSource } from '../../src/digest/render.js';
import { confirmationInput, goodbyeInput, typicalView, welcomeInput } from '../../testkit/digest-views.js';
import { tempDir } from '../../testkit/database.js';
import { TEMPLATES_DIR } from './templates-dir.js';

describe('compilation', () => {
  it('runs MJML once per template at creation and never while rendering', async () => {
    const compiled: string[] = [];
    const renderer = await createRenderer({
      templatesDir: TEMPLATES_DIR,
      compile: (templates: TemplateSource[]) => {
        compiled.push(...templates.map((t) => path.basename(t.filePath)));
        return compileTemplates(templates);
      },
    });
    expect(compiled.sort()).toEqual(['confirmation.mjml', 'digest.mjml', 'goodbye.mjml', 'welcome.mjml']);
    for (let i = 0; i < 20; i += 1) {
      renderer.digest(typicalView);
      renderer.confirmation(confirmationInput);
      renderer.welcome(welcomeInput);
      renderer.goodbye(goodbyeInput);
    }
    expect(compiled).toHaveLength(4);
  });

  it('names the template MJML rejects, compiled in its thread', async () => {
    const dir = tempDir('paperboy-templates-');
    cpSync(TEMPLATES_DIR, dir, { recursive: true });
    writeFileSync(path.join(dir, 'welcome.mjml'), '<mjml><mj-body><mj-section><mj-text>no column</mj-text></mj-section></mj-body></mjml>');
    await expect(createRenderer({ templatesDir: dir })).rejects.toThrow(/MJML template .*welcome\.mjml/);
  });
});
