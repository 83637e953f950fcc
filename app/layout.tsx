import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { getRequestLocale } from '@/lib/server/locale';
import './globals.css';

export const metadata: Metadata = {
  title: 'Kvartplata — особовий рахунок',
  description: 'Перевірити борг і сплатити за утримання будинку та прибудинкової території',
  manifest: '/manifest.webmanifest',
  icons: {
    icon: [
      { url: '/favicon.ico', sizes: '32x32' },
      { url: '/icon.svg', type: 'image/svg+xml' },
    ],
    apple: '/apple-touch-icon.png',
  },
};

/** theme-color: the header's background (white), as in public/manifest.webmanifest. */
export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#ffffff',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getRequestLocale();
  return (
    <html lang={locale}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
