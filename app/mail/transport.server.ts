import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import nodemailer from "nodemailer";

import type { MailMessage } from "./outbox.server";

/**
 * Where outbox messages go: an SMTP server when SMTP_URL is set, otherwise the console (the
 * offline demo, development), which prints each message and counts it as delivered.
 */
export interface MailTransport {
  /** "smtp" or "console", for logs. */
  readonly name: string;
  /** Resolves once the message is accepted; rejects with the reason otherwise. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export const DEFAULT_MAIL_FROM = "OpenENT Échanges <no-reply@openent.invalid>";

export function createTransport(env: Record<string, string | undefined> = process.env): MailTransport {
  const smtpUrl = env.SMTP_URL?.trim();
  const from = env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM;
  if (smtpUrl) return smtpTransport(smtpUrl, from);
  const captureDir = env.MAIL_CAPTURE_DIR?.trim();
  return captureDir ? consoleTransport(undefined, captureDir) : consoleTransport();
}

function smtpTransport(url: string, from: string): MailTransport {
  // Short timeouts: a send must finish well within the delivery lease (see delivery.server.ts).
  // (Settings in the URL's query string, e.g. ?pool=true, take precedence.)
  const transporter = nodemailer.createTransport(
    { url, connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 },
    { from },
  );
  return {
    name: "smtp",
    async send(message) {
      await transporter.sendMail({ to: message.to, subject: message.subject, text: message.text, ...(message.headers ? { headers: message.headers } : {}) });
    },
    close() {
      transporter.close();
    },
  };
}

/**
 * Prints each message on the console (the operator's: it shows the demo's links). For development
 * and end-to-end tests, `captureDir` also writes each one there as a JSON file.
 */
export function consoleTransport(write: (text: string) => void = (text) => console.log(text), captureDir?: string): MailTransport {
  let count = 0;
  return {
    name: "console",
    send(message) {
      if (captureDir) {
        mkdirSync(captureDir, { recursive: true });
        count += 1;
        const name = `${Date.now()}-${process.pid}-${String(count).padStart(6, "0")}.json`;
        writeFileSync(join(captureDir, name), JSON.stringify(message));
      }
      write(
        [
          "──── courriel (aucun SMTP_URL : affiché au lieu d'être envoyé) ────",
          `À : ${message.to}`,
          `Objet : ${message.subject}`,
          ...Object.entries(message.headers ?? {}).map(([name, value]) => `${name} : ${value}`),
          "",
          message.text,
          "────────────────────────────────────────────────────────────────",
        ].join("\n"),
      );
      return Promise.resolve();
    },
    close() {},
  };
}
