/**
 * The page that shows a dialer API key or a push signing secret once: the answer of the action
 * that made it (it is stored nowhere in clear: keys as SHA-256, secrets sealed). Plain HTML like
 * the bill-code slip: no scripts, no styles the page CSP would refuse; the action route answers
 * it with Cache-Control: no-store.
 */
const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function dialerSecretPage(options: {
  title: string;
  /** What the secret is for (its name, or the endpoint's URL). */
  lines: string[];
  label: string;
  secret: string;
  /** What to do with it now. */
  advice: string[];
  notice: string;
}): string {
  const lines = options.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
  const advice = options.advice.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
  return `<!doctype html>
<html lang="uk"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${escapeHtml(options.title)} — Kvartplata</title></head>
<body><main>
<h1>${escapeHtml(options.title)}</h1>
${lines}
<p><label for="secret">${escapeHtml(options.label)}</label><br>
<input id="secret" readonly size="64" value="${escapeHtml(options.secret)}" autocomplete="off" spellcheck="false"></p>
<p><strong>Показано один раз.</strong> Скопіюйте зараз: у відкритому вигляді його ніде не збережено, і показати його ще раз неможливо.</p>
${advice}
<p><a href="/staff/admin/dialer?notice=${encodeURIComponent(options.notice)}">Повернутися до інтеграції з системою обдзвону</a></p>
</main></body></html>`;
}
