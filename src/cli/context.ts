import type { Command } from 'commander';
import type { App, OpenAppOptions } from '../app.js';

/** What commands get from the composition root. */
export interface CliContext {
  openApp(options?: OpenAppOptions): Promise<App>;
  /**
   * What an outage means for the database this command opened, when there is more to say than
   * "it did not answer": attached to the embedded database of another process, that process died.
   */
  explainOutage?(): string | undefined;
  /** Closes what openApp opened, if anything (the embedded database above all): before a command ends early. */
  closeApp?(): Promise<void>;
}

/** A command's work; its result is the exit code (undefined: EXIT.ok). */
export type Action = () => Promise<number | void>;

/** Defines one command on the program: arguments, options, and an action handed to `run`. */
export type Register = (program: Command, ctx: CliContext, run: (action: Action) => void) => void;

/** Exit codes, the same for every command. */
export const EXIT = {
  ok: 0,
  /** Something unexpected: a bug or an outage; the log has the details. */
  unexpected: 1,
  /** The user's input or configuration is wrong; the message says what. */
  usage: 2,
  /** The command ran but part of the work failed (bad pages, failed deliveries). */
  partial: 3,
} as const;
