export { createMailer, type Mailer, type OutgoingMessage, type SendResult } from './mailer.js';
export { runSend, drain, type SendSummary, type SendOptions } from './run.js';
export type { DeliveryDeps } from './deps.js';
