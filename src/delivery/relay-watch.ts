// A relay that refuses everyone ("550 relaying denied", 5.7.1 for every recipient) is telling us
// about our setup, not about our readers. One such refusal is a reader's server with strict rules;
// the same refusal for most of a run's recent messages, across several recipients, means the relay
// itself will not take our mail: the run stops, as it does for a refused login, before it wears
// out the whole list's retry budgets.
//
// So is a relay that says "no such mailbox" (5.1.1) for nearly every recipient: a list whose
// readers are almost all gone is far less likely than a relay, or an SMTP_URL, that knows none of
// them, and each such answer suspends a reader. The run stops after a window of them, not after
// suspending the whole list (a relay answering 5.1.1 to everyone suspended 200 of 200).
import type { FailureKind } from './failures.js';

export interface RelayWatchOptions {
  /** Distinct recipients refused for policy before the run may stop. */
  minRecipients: number;
  /** How many of the latest SMTP answers are looked at. */
  window: number;
}

export const DEFAULT_RELAY_WATCH: RelayWatchOptions = { minRecipients: 5, window: 20 };

/** Share of a full window of answers that must be "no such mailbox", for at least twice minRecipients readers. */
const MAILBOX_SHARE = 0.9;

export interface RelayVerdict {
  /** What the relay refused with: policy (5.7.x, relaying denied) or unknown mailboxes (5.1.x). */
  cause: 'policy' | 'mailbox';
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
  const recent: Array<{ to: string; answer: FailureKind | 'accepted'; reply?: string }> = [];
  const refusals = (cause: RelayVerdict['cause']) => {
    const refused = recent.filter((entry) => entry.answer === cause);
    return { refused, recipients: new Set(refused.map((entry) => entry.to)).size };
  };
  const verdict = (cause: RelayVerdict['cause'], { refused, recipients }: ReturnType<typeof refusals>): RelayVerdict => ({ cause, refused: refused.length, of: recent.length, recipients, example: refused.at(-1)?.reply ?? '' });
  return {
    note(to, answer, reply) {
      recent.push({ to: to.toLowerCase(), answer, reply });
      if (recent.length > options.window) recent.shift();
      const policy = refusals('policy');
      // "Most": more than half of what the relay answered lately.
      if (policy.recipients >= options.minRecipients && policy.refused.length * 2 > recent.length) return verdict('policy', policy);
      const mailbox = refusals('mailbox');
      if (recent.length === options.window && mailbox.recipients >= 2 * options.minRecipients && mailbox.refused.length >= MAILBOX_SHARE * options.window) return verdict('mailbox', mailbox);
      return null;
    },
  };
}

/** The run stops: the relay refuses most messages, whoever they are for. */
export class RelayRefusedError extends Error {
  override name = 'RelayRefusedError';
  constructor(readonly verdict: RelayVerdict) {
    super(
      verdict.cause === 'policy'
        ? `the relay refused ${verdict.refused} of its last ${verdict.of} answers for policy reasons, for ${verdict.recipients} different recipients ` +
            `(e.g. "${verdict.example.slice(0, 200)}"): it does not accept our mail. Nothing more was sent, no subscriber was bounced or suspended, ` +
            `and the deliveries stay pending; check the relay's settings for this sender (relaying rights, SPF/DKIM, sending limits)`
        : `the relay answered "no such mailbox" to ${verdict.refused} of its last ${verdict.of} recipients (${verdict.recipients} different addresses, ` +
            `e.g. "${verdict.example.slice(0, 200)}"): a relay that knows none of our readers is more likely wrong than they are all gone. Nothing more was sent ` +
            `and the other deliveries stay pending; check that SMTP_URL names the relay for this sender, then bring back the readers it refused ` +
            `(\`paperboy subscribers --status suspended\`, then \`paperboy subscribe EMAIL\` for each)`,
    );
  }
}
