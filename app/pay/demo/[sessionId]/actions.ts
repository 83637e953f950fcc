'use server';

import { redirect } from 'next/navigation';
import { checkoutMetadata } from '@/lib/domain/payments/checkout-shares';
import {
  cancelDemoCheckout,
  completeDemoCheckout,
} from '@/lib/server/payments/complete-demo-checkout';

const SESSION_ID = /^cs_demo_[A-Za-z0-9_]{8,64}$/;

function sessionIdFrom(formData: FormData): string | null {
  const id = String(formData.get('sessionId') ?? '');
  return SESSION_ID.test(id) ? id : null;
}

/** Demo "Pay": deliver the signed webhook, then return like Stripe to the success URL. */
export async function payDemoAction(formData: FormData): Promise<void> {
  const id = sessionIdFrom(formData);
  if (!id) redirect('/pay/result?session_id=invalid');
  await completeDemoCheckout(id, checkoutMetadata);
  redirect(`/pay/result?session_id=${id}`);
}

export async function cancelDemoAction(formData: FormData): Promise<void> {
  const id = sessionIdFrom(formData);
  if (!id) redirect('/pay/result?session_id=invalid');
  await cancelDemoCheckout(id);
  redirect(`/pay/result?cancelled=1&session_id=${id}`);
}
