import { composeStartReplyText } from '@/lib/domain/reminders/reminder-text';
import { handleInboundSms } from '@/lib/domain/sms/handle-inbound-sms';
import { recordSmsStatus } from '@/lib/domain/sms/record-sms-status';
import { getPrisma } from '@/lib/server/db';
import { getBillingRules, getSmsWebhookUrl, getTwilioWebhookToken } from '@/lib/server/env';
import { enqueueInTransaction, JOBS } from '@/lib/server/jobs/queue';
import { BodyTooLargeError, readBodyWithLimit } from '@/lib/server/read-body';
import { isValidTwilioRequest } from '@/lib/server/sms/twilio-webhook';

export const dynamic = 'force-dynamic';

/** Twilio's posts are a few hundred bytes. */
const MAX_BODY_BYTES = 16 * 1024;

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

function twiml(message?: string, status = 200): Response {
  const body = message
    ? `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${message
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')}</Message></Response>`
    : EMPTY_TWIML;
  return new Response(body, {
    status,
    headers: { 'Content-Type': 'text/xml; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/**
 * Twilio's inbound messages and delivery reports (form-encoded), verified with
 * X-Twilio-Signature by the SDK's validator before anything is read: forged or missing → 403,
 * nothing written. An inbound STOP (any spelling) opts the number's accounts out at once;
 * START is answered with how to choose SMS again (a fresh code on the portal). A status
 * callback moves its message's status forward. Unknown numbers and messages get an empty 200:
 * nothing to do, and nothing for Twilio to retry. 5xx only when our database fails (retried).
 */
export async function POST(request: Request) {
  let raw: string;
  try {
    raw = await readBodyWithLimit(request, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return twiml(undefined, 413);
    throw error;
  }
  const params = Object.fromEntries(new URLSearchParams(raw));
  const valid = isValidTwilioRequest({
    authToken: getTwilioWebhookToken(),
    signature: request.headers.get('x-twilio-signature'),
    url: getSmsWebhookUrl(),
    params,
  });
  if (!valid) return twiml(undefined, 403);

  const prisma = getPrisma();
  const messageSid = params.MessageSid ?? params.SmsSid ?? '';
  if (params.MessageStatus && !params.Body) {
    await recordSmsStatus(prisma, {
      messageSid,
      providerStatus: params.MessageStatus,
      errorCode: params.ErrorCode,
    });
    return twiml();
  }
  if (!params.From || params.Body === undefined || messageSid === '') return twiml(undefined, 400);
  const result = await handleInboundSms(prisma, {
    from: params.From,
    body: params.Body,
    messageSid,
    rules: getBillingRules(),
    enqueueConfirmation: (tx, job) => enqueueInTransaction(tx, JOBS.optOutConfirmation, job),
  });
  if (result.outcome === 'START_NEEDS_CODE') {
    const portalUrl = `${new URL(getSmsWebhookUrl()).origin}/account/sms`;
    return twiml(composeStartReplyText({ locale: result.locale, portalUrl }));
  }
  return twiml();
}
