import 'server-only';
import type { PrismaClient } from '../../server/db';
import { AppError } from '../app-error';
import { normaliseDisputeText } from './open-dispute';

/**
 * A resident replies in the thread of their own dispute (DESIGN rule 7): trimmed, 1 to
 * MAX_DISPUTE_TEXT characters, stored verbatim (markup included; pages render it as text).
 * A dispute of another account is NOT_FOUND, exactly like an unknown id. A resolved dispute
 * takes no more replies (CONFLICT): the dispute row is locked first, so a reply and a staff
 * resolution cannot cross. The reply and its audit_log row (actor RESIDENT,
 * `dispute.message`) are one transaction. Status and the call list are unchanged.
 */
export async function addResidentMessage(
  db: PrismaClient,
  options: { accountId: number; disputeId: number; body: string; now?: Date },
): Promise<{ messageId: number }> {
  const now = options.now ?? new Date();
  const { accountId, disputeId } = options;
  if (!(Number.isSafeInteger(disputeId) && disputeId > 0)) {
    throw new AppError('NOT_FOUND', 'no such dispute', { what: 'dispute' });
  }
  const body = normaliseDisputeText(options.body, 1);
  if (!body.ok) {
    throw new AppError('INVALID_INPUT', 'the reply is not acceptable', {
      field: 'message',
      problem: body.problem,
    });
  }
  return db.$transaction(async (tx) => {
    const [dispute] = await tx.$queryRawUnsafe<{ status: string }[]>(
      'SELECT status::text AS status FROM dispute WHERE id = $1 AND account_id = $2 FOR UPDATE',
      disputeId,
      accountId,
    );
    if (!dispute) throw new AppError('NOT_FOUND', 'no such dispute', { what: 'dispute' });
    if (dispute.status === 'RESOLVED') {
      throw new AppError('CONFLICT', 'the dispute is resolved');
    }
    const message = await tx.disputeMessage.create({
      data: { disputeId, authorKind: 'RESIDENT', body: body.text, createdAt: now },
      select: { id: true },
    });
    await tx.auditLog.create({
      data: {
        actorKind: 'RESIDENT',
        action: 'dispute.message',
        accountId,
        targetType: 'dispute',
        targetId: String(disputeId),
        detail: { messageId: message.id },
        createdAt: now,
      },
    });
    return { messageId: message.id };
  });
}
