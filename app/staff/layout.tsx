import type { Metadata } from 'next';
import type { ReactNode } from 'react';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Консоль персоналу — Kvartplata',
  robots: { index: false, follow: false },
};

/** The staff console: its own sign-in and cookie (lib/server/auth/staff.ts); Ukrainian. */
export default function StaffRootLayout({ children }: { children: ReactNode }) {
  return (
    <div lang="uk" className="min-h-screen bg-slate-50">
      {children}
    </div>
  );
}
