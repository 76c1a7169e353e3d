// A real SMTP server in the test process (smtp-server); what it accepts is parsed with mailparser.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface SmtpSink {
  url: string;
  messages: ParsedMail[];
  /** Raw envelope recipients per accepted message, in order. */
  recipients: string[][];
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** Answer for a recipient: return an SMTP error (code and message) to refuse it. */
  onRecipient?: (address: string) => { code: number; message: string } | undefined;
  /** Answer for a whole message after DATA (awaited: a test may act while the message is at the server). */
  onData?: (recipients: string[]) => { code: number; message: string } | undefined | Promise<{ code: number; message: string } | undefined>;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  const recipients: string[][] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const refusal = options.onRecipient?.(address.address);
      if (refusal) return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        Promise.resolve(options.onData?.(to))
          .then((refusal) => {
            if (refusal) throw Object.assign(new Error(refusal.message), { responseCode: refusal.code });
            return simpleParser(Buffer.concat(chunks));
          })
          .then((parsed) => {
            messages.push(parsed);
            recipients.push(to);
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    recipients,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
