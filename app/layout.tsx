import type { Metadata } from 'next';
import { connection } from 'next/server';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Preflight', template: '%s · Preflight' },
  description: 'Prove your app is secure before launch.',
  referrer: 'strict-origin-when-cross-origin',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: the CSP nonce is per request, and a prerendered page would carry none.
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
