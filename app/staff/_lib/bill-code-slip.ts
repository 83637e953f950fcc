/**
 * The printable slip with a new bill access code, answered once by the reissue action (the code
 * exists nowhere else in clear). Plain HTML: no scripts, no styles the page CSP would refuse.
 */
const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function billCodeSlip(accountNumber: string, code: string, accountId: number): string {
  const grouped = `${code.slice(0, 4)} ${code.slice(4)}`;
  return `<!doctype html>
<html lang="uk"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Новий код доступу — Kvartplata</title></head>
<body><main>
<h1>Новий код доступу до особового рахунку</h1>
<p>Особовий рахунок: <strong>${escapeHtml(accountNumber)}</strong></p>
<p>Код доступу: <strong>${escapeHtml(grouped)}</strong></p>
<p>Попередній код більше не діє. Код показано один раз: роздрукуйте або передайте мешканцю зараз.</p>
<p>Мешканець входить на сайті з номером рахунку і цим кодом.</p>
<p><a href="/staff/accounts/${accountId}?notice=bill-code">Повернутися до рахунку</a></p>
</main></body></html>`;
}
