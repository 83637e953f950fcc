import Link from 'next/link';
import { LOCALES, type Locale } from '@/lib/i18n/locales';
import type { Messages } from '@/lib/i18n/messages';

const NAMES: Record<Locale, string> = { uk: 'Українська', ru: 'Русский', en: 'English' };
const SHORT: Record<Locale, string> = { uk: 'УКР', ru: 'РУС', en: 'ENG' };

/** Site header with the language switcher; `path` is where the switcher returns to. */
export function SiteHeader({
  locale,
  messages,
  path,
}: {
  locale: Locale;
  messages: Messages;
  path: string;
}) {
  return (
    <header className="border-b border-slate-200 bg-white">
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
    </header>
  );
}
