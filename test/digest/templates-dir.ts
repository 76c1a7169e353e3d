import { fileURLToPath } from 'node:url';

/** The real templates: tests render what production sends. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));
