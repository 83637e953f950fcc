import 'server-only';
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../db';
import { getSmsConfig } from '../env';
import type { SmsKind } from '../generated/prisma/enums';

/**
 * The SMS seam: one method, so that the provider can be swapped (or replaced in development)
 * without touching the code that decides what to send.
 */
export interface SmsTransport {
  /** Hands one message to the provider; resolves once the provider accepted it. */
  send(to: string, body: string): Promise<{ providerMessageId: string }>;
  /**
   * Whether sms_message may keep a message's secret (a one-time code) in clear. Only the log
   * transport says yes: its messages never leave the machine and tests read codes from the table.
   * Real providers get the secret masked in the stored body, so the database never holds a
   * usable code (one_time_code keeps only a keyed hash).
   */
  readonly recordsSecrets?: boolean;
}

/**
 * Development and tests: nothing leaves the machine. The message is printed and, through
 * sendSms, recorded in sms_message like any other (status SENT, provider id `log_…`), which is
 * where the tests read one-time codes from. A real transport, not a mock: the rest of the
 * pipeline runs exactly as in production.
 */
export function createLogTransport(
  print: (line: string) => void = (line) => console.log(line),
): SmsTransport {
  return {
    recordsSecrets: true,
    async send(to, body) {
      const providerMessageId = `log_${randomBytes(12).toString('hex')}`;
      print(`[sms:log] to ${to} (${providerMessageId}): ${body}`);
      return { providerMessageId };
    },
  };
}

/** Twilio Programmable Messaging (`client.messages.create`); the SDK is loaded on first use. */
export function createTwilioTransport(options: {
  accountSid: string;
  authToken: string;
  /** An E.164 sender number or a Messaging Service SID (MG…). */
  from: string;
}): SmsTransport {
  let client: Promise<import('twilio').Twilio> | undefined;
  return {
    async send(to, body) {
      client ??= import('twilio').then(({ default: twilio }) =>
        twilio(options.accountSid, options.authToken),
      );
      const sender = options.from.startsWith('MG')
        ? { messagingServiceSid: options.from }
        : { from: options.from };
      const message = await (await client).messages.create({ to, body, ...sender });
      return { providerMessageId: message.sid };
    },
  };
}

let configured: SmsTransport | undefined;

/** The transport chosen by SMS_TRANSPORT (log | twilio), one per process. */
export function getSmsTransport(): SmsTransport {
  if (configured) return configured;
  const config = getSmsConfig();
  switch (config.transport) {
    case 'log':
      configured = createLogTransport();
      break;
    case 'twilio':
      configured = createTwilioTransport(config);
      break;
    default: {
      const unreachable: never = config;
      throw new Error(`unknown SMS transport ${String(unreachable)}`);
    }
  }
  return configured;
}

export type OutgoingSms = {
  accountId: number;
  to: string;
  body: string;
  kind: SmsKind;
  /** A secret inside `body` (a one-time code), masked in the stored copy unless the transport records secrets. */
  secret?: string;
};

function storedBody(transport: SmsTransport, message: OutgoingSms): string {
  if (!message.secret || transport.recordsSecrets) return message.body;
  return message.body.split(message.secret).join('•'.repeat(message.secret.length));
}

/**
 * Sends one SMS and records it in sms_message: SENT with the provider's id, or FAILED with the
 * error (then rethrows). Every message the portal sends goes through here.
 */
export async function sendSms(
  db: PrismaClient,
  transport: SmsTransport,
  message: OutgoingSms,
): Promise<{ smsMessageId: number; providerMessageId: string }> {
  const body = storedBody(transport, message);
  try {
    const { providerMessageId } = await transport.send(message.to, message.body);
    const row = await db.smsMessage.create({
      data: {
        accountId: message.accountId,
        phoneE164: message.to,
        kind: message.kind,
        body,
        status: 'SENT',
        providerMessageId,
        sentAt: new Date(),
      },
      select: { id: true },
    });
    return { smsMessageId: row.id, providerMessageId };
  } catch (error) {
    await db.smsMessage.create({
      data: {
        accountId: message.accountId,
        phoneE164: message.to,
        kind: message.kind,
        body,
        status: 'FAILED',
        error: (error instanceof Error ? error.message : String(error)).slice(0, 500),
      },
    });
    throw error;
  }
}
