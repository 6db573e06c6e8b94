import { PageHeader } from '@/components/ui/page-header';
import { AuditCard } from './audit-card';
import { CredentialsCard } from './credentials-card';
import { HostKeysCard } from './host-keys-card';
import { TokensCard } from './tokens-card';
import { UsersCard } from './users-card';

/** The settings page: users, API tokens, stored SSH credentials, pinned host keys and the audit trail. */
export function SettingsView() {
  return (
    <>
      <PageHeader
        title="Settings"
        subtitle="Who may do what, access for scripts, and how the panel logs in to SSH hosts."
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <div className="space-y-6">
          <UsersCard />
          <TokensCard />
          <HostKeysCard />
        </div>
        <CredentialsCard />
      </div>
      <div className="mt-6">
        <AuditCard />
      </div>
    </>
  );
}
