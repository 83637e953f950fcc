'use client';

import { useEffect, useState } from 'react';

/**
 * "Print" on a printable page. It needs JavaScript (window.print), so it appears only once the
 * page has it; without, the page's hint names the browser's own menu instead.
 */
export function PrintButton({ label }: { label: string }) {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="min-h-12 rounded border border-brand-700 bg-white px-4 font-semibold text-brand-800 hover:bg-slate-100 print:hidden"
    >
      {label}
    </button>
  );
}
