// MJML costs tens of milliseconds per document: it must run at startup only, never per recipient.

import { describe, expect, it, vi } from 'vitest';
import { createRenderer } from '../../src/digest/render.js';
import { confirmationInput, goodbyeInput, typicalView, welcomeInput } from '../fixtures/digest/views.js';
import { TEMPLATES_DIR } from './templates-dir.js';

const calls = vi.hoisted(() => ({ count: 0 }));
vi.mock('mjml', async (importOriginal) => {
  const real = (await importOriginal<{ default: (...args: unknown[]) => unknown }>()).default;
  return {
    default: (...args: unknown[]) => {
      calls.count += 1;
      return real(...args);
    },
  };
});

describe('compilation', () => {
  it('runs MJML once per template at creation and never while rendering', async () => {
    const renderer = await createRenderer({ templatesDir: TEMPLATES_DIR });
    expect(calls.count).toBe(4);
    for (let i = 0; i < 20; i += 1) {
      renderer.digest(typicalView);
      renderer.confirmation(confirmationInput);
      renderer.welcome(welcomeInput);
      renderer.goodbye(goodbyeInput);
    }
    expect(calls.count).toBe(4);
  });
});
