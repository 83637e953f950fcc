import type { Messages } from '@/lib/i18n/messages';
import { signOutAction } from './actions';

/** Signs out of the whole session (every linked account). A plain form: no JavaScript needed. */
export function SignOutButton({ messages }: { messages: Messages }) {
  return (
    <form action={signOutAction}>
      <button
        type="submit"
        className="min-h-12 rounded border border-brand-700 bg-white px-4 font-semibold text-brand-800 hover:bg-slate-100"
      >
        {messages.auth.signOut}
      </button>
    </form>
  );
}
