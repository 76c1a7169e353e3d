// A delivery's states and every move between them, in one table: the delivery store (store/*.ts)
// and the code deciding outcomes (record.ts) take their status values from here instead of
// spelling them.
//
//   pending ──claim──▶ sending ──send──▶ sent
//      ▲                  │ ├──skip──▶ skipped
//      ├──release/retry───┘ ├──bounce─▶ bounced
//      └──────reopen────── failed ◀─fail─┘
import { Prisma, type DeliveryStatus as StoredStatus } from '../db/index.js';

/** Every status, as the DeliveryStatus enum of the schema has them (checked against it). */
export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'bounced', 'skipped'] as const satisfies readonly StoredStatus[];
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const TRANSITIONS = {
  /** A process takes a due delivery (claim.ts). */
  claim: { from: 'pending', to: 'sending' },
  /** Given back untouched: a stopping run's, or an abandoned claim taken back (no attempt counted). */
  release: { from: 'sending', to: 'pending' },
  /** The server accepted it. */
  send: { from: 'sending', to: 'sent' },
  /** Nothing to send: the reader left, or nothing new matched. */
  skip: { from: 'sending', to: 'skipped' },
  /** A temporary failure or a policy refusal: again later, one attempt more. */
  retry: { from: 'sending', to: 'pending' },
  /** Out of attempts, or nothing a retry can mend. */
  fail: { from: 'sending', to: 'failed' },
  /** Refused for good by the recipient's side (5xx). */
  bounce: { from: 'sending', to: 'bounced' },
  /** `retry --failed`. */
  reopen: { from: 'failed', to: 'pending' },
} as const satisfies Record<string, { from: DeliveryStatus; to: DeliveryStatus }>;

/** Held by a process while it works on it. */
export const CLAIMED = TRANSITIONS.claim.to;
/** Not finished: waiting, or claimed. */
export const OPEN_STATUSES: readonly DeliveryStatus[] = [TRANSITIONS.claim.from, TRANSITIONS.claim.to];

/** Finished: nothing more happens to it, unless `retry --failed` re-opens a failed one. */
export const FINISHED_STATUSES = [TRANSITIONS.send.to, TRANSITIONS.skip.to, TRANSITIONS.fail.to, TRANSITIONS.bounce.to] as const;
export type FinishedStatus = (typeof FINISHED_STATUSES)[number];
/** Finished without being sent, for good or until `retry --failed`: what an operator looks at. */
export const FAILURE_STATUSES = [TRANSITIONS.fail.to, TRANSITIONS.bounce.to] as const;

/** A status as an SQL literal, for raw statements (a constant of this table, never input). */
export function sqlStatus(status: DeliveryStatus): Prisma.Sql {
  return Prisma.raw(`'${status}'`);
}

const sqlList = (statuses: readonly DeliveryStatus[]) => Prisma.raw(`(${statuses.map((s) => `'${s}'`).join(', ')})`);

/** `('pending', 'sending')`, for `status IN ...`. */
export const SQL_OPEN = sqlList(OPEN_STATUSES);
/** `('sent', 'skipped', 'failed', 'bounced')`, for `status IN ...`. */
export const SQL_FINISHED = sqlList(FINISHED_STATUSES);
