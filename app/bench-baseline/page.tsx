/** The Lighthouse baseline (scripts/bench/lighthouse.ts): the lightest page Next can serve. */
export const dynamic = 'force-static';

export default function BenchBaselinePage() {
  return (
    <main id="main" className="mx-auto max-w-2xl px-4 py-6">
      <h1 className="text-2xl font-bold">Kvartplata</h1>
    </main>
  );
}
