import Link from 'next/link';
import { SignOutButton } from '@/app/sign-in/sign-out-button';
import { LOCALES, type Locale } from '@/lib/i18n/locales';
import type { Messages } from '@/lib/i18n/messages';
import { getResidentSession } from '@/lib/server/auth/resident';

const NAMES: Record<Locale, string> = { uk: 'Українська', ru: 'Русский', en: 'English' };
const SHORT: Record<Locale, string> = { uk: 'УКР', ru: 'РУС', en: 'ENG' };

/** The signed-in resident's pages, in the order of the header's menu. */
const RESIDENT_PAGES = [
  { href: '/account', key: 'account' },
  { href: '/account/statement', key: 'statement' },
  { href: '/account/payments', key: 'payments' },
] as const;

/**
 * Site header with the language switcher (`path` is where it returns to) and, for a signed-in
 * resident, the menu on every page, receipts and payment results included: My account,
 * Statement, Payments, Sign out. Plain links and a form: no JavaScript needed.
 */
export async function SiteHeader({
  locale,
  messages,
  path,
}: {
  locale: Locale;
  messages: Messages;
  path: string;
}) {
  const session = await getResidentSession();
  const current = path.split('?')[0];
  return (
    <header className="border-b border-slate-200 bg-white print:hidden">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2"
      >
        {messages.common.skipToContent}
      </a>
      <div className="mx-auto flex max-w-2xl flex-wrap items-center justify-between gap-2 px-4 py-3">
        <Link href="/" className="text-lg font-bold text-brand-800 no-underline">
          {messages.common.siteName}
        </Link>
        <nav aria-label={messages.common.language}>
          <ul className="flex gap-1">
            {LOCALES.map((code) => (
              <li key={code}>
                <a
                  href={`/lang?to=${code}&back=${encodeURIComponent(path)}`}
                  lang={code}
                  hrefLang={code}
                  aria-current={code === locale ? 'true' : undefined}
                  title={NAMES[code]}
                  className={`inline-flex min-h-11 min-w-11 items-center justify-center rounded px-2 text-sm font-semibold ${
                    code === locale ? 'bg-brand-700 text-white' : 'text-brand-800 underline'
                  }`}
                >
                  <span aria-hidden="true">{SHORT[code]}</span>
                  <span className="sr-only">{NAMES[code]}</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      {session && (
        <nav
          aria-label={messages.nav.label}
          className="mx-auto flex max-w-2xl flex-wrap items-center gap-x-4 gap-y-1 px-4 pb-2"
        >
          <ul className="flex flex-wrap gap-x-4">
            {RESIDENT_PAGES.map((page) => (
              <li key={page.href}>
                <Link
                  href={page.href}
                  aria-current={current === page.href ? 'page' : undefined}
                  className="inline-flex min-h-11 items-center text-brand-800 underline aria-[current=page]:font-semibold aria-[current=page]:no-underline"
                >
                  {messages.nav[page.key]}
                </Link>
              </li>
            ))}
          </ul>
          <SignOutButton messages={messages} compact />
        </nav>
      )}
    </header>
  );
}
