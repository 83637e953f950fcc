import type { Messages } from '@/lib/i18n/messages';
import { signOutAction } from './actions';

/** Signs out of the whole session (every linked account). A plain form: no JavaScript needed. */
export function SignOutButton({
  messages,
  compact = false,
}: {
  messages: Messages;
  /** The header menu's small version. */
  compact?: boolean;
}) {
  return (
    <form action={signOutAction} className={compact ? 'ml-auto' : undefined}>
      <button
        type="submit"
        className={
          compact
            ? 'min-h-11 rounded border border-brand-700 bg-white px-3 text-sm font-semibold text-brand-800 hover:bg-slate-100'
            : 'min-h-12 rounded border border-brand-700 bg-white px-4 font-semibold text-brand-800 hover:bg-slate-100'
        }
      >
        {messages.auth.signOut}
      </button>
    </form>
  );
}
