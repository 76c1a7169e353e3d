// Flags several commands share, defined once: how they are collected and how their mistakes read.
import type { FlagNames } from './validate.js';

/** For repeatable options (`--topic a --topic b`). */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

export const TOPIC_FLAGS: FlagNames = {
  topics: ['--topic', 'is required: give one or more, e.g. --topic "diffusion models"'],
  'topics.*': '--topic',
};
