// A relay that refuses everyone ("550 relaying denied", 5.7.1 for every recipient) is telling us
// about our setup, not about our readers. One such refusal is a reader's server with strict rules;
// the same refusal for most of a run's recent messages, across several recipients, means the relay
// itself will not take our mail: the run stops, as it does for a refused login, before it wears
// out the whole list's retry budgets.
import type { FailureKind } from './failures.js';

export interface RelayWatchOptions {
  /** Distinct recipients refused for policy before the run may stop. */
  minRecipients: number;
  /** How many of the latest SMTP answers are looked at. */
  window: number;
}

export const DEFAULT_RELAY_WATCH: RelayWatchOptions = { minRecipients: 5, window: 20 };

export interface RelayVerdict {
  refused: number;
  of: number;
  recipients: number;
  /** One of the refusals, as the relay worded it. */
  example: string;
}

export interface RelayWatch {
  /** Notes one SMTP answer (accepted, or a failure's kind); returns a verdict once the relay looks closed to us. */
  note(to: string, answer: FailureKind | 'accepted', reply?: string): RelayVerdict | null;
}

export function createRelayWatch(options: RelayWatchOptions = DEFAULT_RELAY_WATCH): RelayWatch {
  const recent: Array<{ to: string; policy: boolean; reply?: string }> = [];
  return {
    note(to, answer, reply) {
      recent.push({ to: to.toLowerCase(), policy: answer === 'policy', reply });
      if (recent.length > options.window) recent.shift();
      const refused = recent.filter((entry) => entry.policy);
      const recipients = new Set(refused.map((entry) => entry.to)).size;
      // "Most": more than half of what the relay answered lately.
      if (recipients < options.minRecipients || refused.length * 2 <= recent.length) return null;
      return { refused: refused.length, of: recent.length, recipients, example: refused.at(-1)?.reply ?? '' };
    },
  };
}

/** The run stops: the relay refuses most messages, whoever they are for. */
export class RelayRefusedError extends Error {
  override name = 'RelayRefusedError';
  constructor(readonly verdict: RelayVerdict) {
    super(
      `the relay refused ${verdict.refused} of its last ${verdict.of} answers for policy reasons, for ${verdict.recipients} different recipients ` +
        `(e.g. "${verdict.example.slice(0, 200)}"): it does not accept our mail. Nothing more was sent, no subscriber was bounced or suspended, ` +
        `and the deliveries stay pending; check the relay's settings for this sender (relaying rights, SPF/DKIM, sending limits)`,
    );
  }
}
