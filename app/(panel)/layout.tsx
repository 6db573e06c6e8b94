import { SessionWatch } from '@/components/auth/session-watch';
import { SiteHeader } from '@/components/site-header';

/** Every page behind the login: the header with the panel's links, then the page. */
export default function PanelLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <SessionWatch />
      <SiteHeader />
      <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
    </>
  );
}
