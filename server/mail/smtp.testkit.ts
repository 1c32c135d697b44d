// A real SMTP server on a random local port for tests: login required, every accepted message kept
// (parsed with mailparser) with the envelope's recipients.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  /** RCPT TO addresses of the envelope. */
  recipients: string[];
  mail: ParsedMail;
}

export interface TestSmtp {
  port: number;
  received: Received[];
  /** Waits until `count` messages arrived (5 s at most). */
  waitFor(count: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startSmtpServer(login: { user: string; password: string }): Promise<TestSmtp> {
  const received: Received[] = [];
  const server = new SMTPServer({
    // Plain SMTP on localhost: no certificate, so no STARTTLS; the login is still required.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === login.user && auth.password === login.password) cb(null, { user: auth.username });
      else cb(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onData(stream, session, cb) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ recipients: session.envelope.rcptTo.map((r) => r.address), mail });
          cb();
        })
        .catch((err: Error) => cb(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    async waitFor(count) {
      const deadline = Date.now() + 5000;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
