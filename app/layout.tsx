import type { Metadata } from 'next';
import { QueryProvider } from '@/components/query-provider';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'pgcascade', template: '%s · pgcascade' },
  description: 'Build PostgreSQL replication topologies and watch the data flow.',
};

/** The document and the data layer; the panel's header lives in (panel)/layout, the login page has none. */
export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <QueryProvider>{children}</QueryProvider>
      </body>
    </html>
  );
}
