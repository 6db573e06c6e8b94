import { PageHeader } from '@/components/ui/page-header';
import { CredentialsCard } from './credentials-card';
import { HostKeysCard } from './host-keys-card';
import { TokensCard } from './tokens-card';

/** The settings page: API tokens, stored SSH credentials and pinned host keys. */
export function SettingsView() {
  return (
    <>
      <PageHeader title="Settings" subtitle="Access for scripts, and how the panel logs in to SSH hosts." />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <div className="space-y-6">
          <TokensCard />
          <HostKeysCard />
        </div>
        <CredentialsCard />
      </div>
    </>
  );
}
