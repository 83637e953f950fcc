/**
 * The Lighthouse baseline (scripts/bench/lighthouse.ts): the lightest page Next can serve, yet
 * rendered per request like the resident pages, so it gets the CSP nonce and loads the same
 * framework JavaScript (a prerendered page's scripts carry no nonce and the CSP blocks them).
 */
export const dynamic = 'force-dynamic';

export default function BenchBaselinePage() {
  return (
    <main id="main" className="mx-auto max-w-2xl px-4 py-6">
      <h1 className="text-2xl font-bold">Kvartplata</h1>
    </main>
  );
}
