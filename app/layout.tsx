import type { Metadata } from 'next';
import { QueryProvider } from '@/components/query-provider';
import { SiteHeader } from '@/components/site-header';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'pgcascade', template: '%s · pgcascade' },
  description: 'Build PostgreSQL replication topologies and watch the data flow.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <QueryProvider>
          <SiteHeader />
          <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
        </QueryProvider>
      </body>
    </html>
  );
}
