// A real SMTP server (smtp-server) that keeps only what delivery tests count: each accepted
// message's recipient and Message-ID. Message bodies are read and dropped, so thousands of
// digests cost little; faults (4xx/5xx replies) can be injected per recipient or per message.
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface Accepted {
  to: string;
  messageId: string;
}

export type Reply = { code: number; message: string } | undefined;

export interface SinkOptions {
  /** Answer to RCPT TO: an SMTP error refuses the recipient. */
  onRecipient?: (address: string) => Reply;
  /** Answer after DATA, once the whole message was received. */
  onMessage?: (message: Accepted) => Reply;
  /** Bind to this port (0: any free one). */
  port?: number;
  /** A slow server: each message is answered this long after its data arrived. */
  delayMs?: number;
}

export interface RecordingSink {
  url: string;
  port: number;
  accepted: Accepted[];
  /** Replies other than 250 to DATA or RCPT TO, by code. */
  refusals: Map<number, number>;
  bytes: number;
  close(): Promise<void>;
}

export async function startRecordingSink(options: SinkOptions = {}): Promise<RecordingSink> {
  const accepted: Accepted[] = [];
  const refusals = new Map<number, number>();
  const refuse = (reply: NonNullable<Reply>) => {
    refusals.set(reply.code, (refusals.get(reply.code) ?? 0) + 1);
    return Object.assign(new Error(reply.message), { responseCode: reply.code });
  };
  const sink: RecordingSink = {
    url: '',
    port: 0,
    accepted,
    refusals,
    bytes: 0,
    close: async () => {},
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Thousands of messages over a few pooled connections.
    maxClients: 1000,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const reply = options.onRecipient?.(address.address);
      callback(reply ? refuse(reply) : undefined);
    },
    onData(stream, session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        sink.bytes += chunk.length;
        if (head.length < 8192 && !head.includes('\r\n\r\n')) head += chunk.toString('latin1', 0, Math.min(chunk.length, 8192));
      });
      stream.on('end', () => {
        const message = {
          to: session.envelope.rcptTo[0]?.address ?? '',
          messageId: /^message-id:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '',
        };
        const answer = () => {
          const reply = options.onMessage?.(message);
          if (reply) return callback(refuse(reply));
          accepted.push(message);
          callback();
        };
        if (options.delayMs) setTimeout(answer, options.delayMs);
        else answer();
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  sink.port = (server.server.address() as { port: number }).port;
  sink.url = `smtp://127.0.0.1:${sink.port}`;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}

/** How many times each recipient was accepted. */
export function countByRecipient(accepted: Accepted[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { to } of accepted) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
}
