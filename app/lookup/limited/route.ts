import { KYIV_TIME_ZONE } from '@/lib/dates';
import { LOOKUP_WINDOW_SECONDS } from '@/lib/domain/accounts/look-up-within-budget';
import { INTL_LOCALE } from '@/lib/i18n/locales';
import { interpolate } from '@/lib/i18n/messages';
import { getRequestMessages } from '@/lib/server/locale';

export const dynamic = 'force-dynamic';

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/**
 * The kind "too many look-ups" answer: HTTP 429 with Retry-After. A page cannot set its status
 * in the App Router (the status line is sent before the page streams), so the home page
 * redirects a client over its budget here and this route handler answers with a small,
 * self-contained HTML page in the resident's language. `retry` only sets the wording and the
 * header; it grants nothing (the budget is counted in PostgreSQL by the home page).
 */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const asked = Number(url.searchParams.get('retry'));
  const retryAfter =
    Number.isInteger(asked) && asked >= 1 && asked <= LOOKUP_WINDOW_SECONDS
      ? asked
      : LOOKUP_WINDOW_SECONDS;
  const { locale, m } = await getRequestMessages();
  const time = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    timeZone: KYIV_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(Date.now() + retryAfter * 1000));
  const retry = interpolate(m.home.limited.retry, {
    minutes: Math.max(1, Math.ceil(retryAfter / 60)),
    time,
  });
  // proxy.ts puts this response's CSP nonce on the request; the <style> needs it.
  const nonce = request.headers.get('x-nonce');
  const nonceAttribute = nonce && /^[A-Za-z0-9+/=]{8,64}$/.test(nonce) ? ` nonce="${nonce}"` : '';
  const html = `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(m.home.limited.title)} — ${escapeHtml(m.common.siteName)}</title>
<style${nonceAttribute}>
body{margin:0;font:1.0625rem/1.5 system-ui,sans-serif;color:#0f172a;background:#f8fafc}
header{background:#fff;border-bottom:1px solid #e2e8f0;padding:.75rem 1rem}
header a{color:#073763;font-weight:700;font-size:1.125rem;text-decoration:none}
main{max-width:42rem;margin:0 auto;padding:1.5rem 1rem}
h1{font-size:1.5rem;margin:0 0 1rem}
.box{background:#fff;border:1px solid #cbd5e1;border-radius:.25rem;padding:1rem}
.home{display:inline-flex;align-items:center;min-height:3rem;margin-top:1rem;padding:0 1rem;border-radius:.25rem;background:#0b5394;color:#fff;font-weight:600;text-decoration:none}
a:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
</style>
</head>
<body>
<header><a href="/">${escapeHtml(m.common.siteName)}</a></header>
<main id="main">
<h1>${escapeHtml(m.home.limited.title)}</h1>
<div class="box">
<p>${escapeHtml(m.home.limited.text)}</p>
<p><strong>${escapeHtml(retry)}</strong></p>
</div>
<a class="home" href="/">${escapeHtml(m.home.limited.back)}</a>
</main>
</body>
</html>`;
  return new Response(html, {
    status: 429,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Retry-After': String(retryAfter),
      'Cache-Control': 'no-store',
    },
  });
}
