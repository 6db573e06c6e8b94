import Link from 'next/link';
import { CurrentUser } from './auth/current-user';
import { LogoutButton } from './auth/logout-button';
import { ButtonLink } from './ui/button';

const navLink = 'rounded-md px-2.5 py-1.5 text-slate-700 hover:bg-slate-100';

export function SiteHeader() {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex min-h-14 max-w-7xl flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-2 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-slate-900">
          <span
            aria-hidden
            className="grid size-7 place-items-center rounded-md bg-blue-600 text-sm text-white"
          >
            pg
          </span>
          pgcascade
        </Link>
        <nav aria-label="Main" className="flex flex-wrap items-center gap-1 text-sm">
          <Link href="/" className={navLink}>
            Clusters
          </Link>
          <Link href="/settings" className={navLink}>
            Settings
          </Link>
          <ButtonLink href="/clusters/new" variant="primary" size="sm" className="ml-1">
            New cluster
          </ButtonLink>
          <ButtonLink href="/clusters/import" size="sm">
            Add existing servers
          </ButtonLink>
          <span aria-hidden className="mx-1 h-5 w-px bg-slate-200" />
          <CurrentUser />
          <LogoutButton />
        </nav>
      </div>
    </header>
  );
}
