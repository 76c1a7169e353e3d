// Flags several commands share, defined once: how they are collected and how their mistakes read.
import type { FlagNames } from './validate.js';
import { mistakenTimeZone } from '../shared/time.js';

/** For repeatable options (`--topic a --topic b`). */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

export const TOPIC_FLAGS: FlagNames = {
  topics: ['--topic', 'is required: give one or more, e.g. --topic "diffusion models"'],
  'topics.*': '--topic',
};

export const timeZoneRule = (value: unknown) => {
  const mistaken = mistakenTimeZone(String(value));
  return mistaken ? `: "${String(value)}" is ${mistaken}` : `: unknown time zone "${String(value)}" (use a name such as Europe/Berlin)`;
};
