import { handlers } from '@/lib/server/auth/config';

export const dynamic = 'force-dynamic';

/** next-auth's endpoints (session, csrf, providers, callbacks, sign-out), CSRF-token protected. */
export const { GET, POST } = handlers;
