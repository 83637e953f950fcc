import Link from 'next/link';
import { formatAccountNumber } from '@/lib/domain/accounts/account-number';
import { interpolate, type Messages } from '@/lib/i18n/messages';
import type { ResidentSession } from '@/lib/server/auth/resident';

/**
 * For resident pages: the accounts linked in this session (each a small form posting to
 * /account/switch), "add another account" and "sign out". Works without JavaScript.
 * `back` is where to return after switching (a path of this site, e.g. "/account/statement").
 */
export function AccountSwitcher({
  session,
  messages: m,
  back = '/account',
}: {
  session: ResidentSession;
  messages: Messages;
  back?: string;
}) {
  return (
    <nav aria-label={m.auth.accountSwitcher} className="flex flex-col gap-2">
      <ul className="flex flex-wrap gap-2">
        {session.linked.map((account) => {
          const number = formatAccountNumber(account.accountNumber);
          if (account.accountId === session.accountId) {
            return (
              <li
                key={account.accountId}
                aria-current="true"
                className="flex min-h-12 items-center rounded border border-brand-700 bg-brand-700 px-3 font-mono font-semibold text-white"
              >
                {number} <span className="ml-2 font-sans text-sm">({m.auth.current})</span>
              </li>
            );
          }
          return (
            <li key={account.accountId}>
              <form method="post" action="/account/switch">
                <input type="hidden" name="accountId" value={account.accountId} />
                <input type="hidden" name="back" value={back} />
                <button
                  type="submit"
                  aria-label={interpolate(m.auth.switchTo, { account: number })}
                  className="min-h-12 rounded border border-slate-400 bg-white px-3 font-mono text-brand-800 underline hover:bg-slate-100"
                >
                  {number}
                </button>
              </form>
            </li>
          );
        })}
      </ul>
      <div className="flex flex-wrap items-center gap-3">
        {session.linked.length > 1 && (
          <Link
            href="/account/pay"
            className="inline-flex min-h-12 items-center font-semibold text-brand-800 underline"
          >
            {m.paySeveral.link}
          </Link>
        )}
        <Link
          href={`/sign-in?back=${encodeURIComponent(back)}`}
          className="inline-flex min-h-12 items-center text-brand-800 underline"
        >
          {m.auth.linkAnother}
        </Link>
      </div>
    </nav>
  );
}
