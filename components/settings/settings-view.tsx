'use client';
import { PageHeader } from '@/components/ui/page-header';
import { useAuthStatusQuery } from '@/lib/queries/auth-status-query';
import { AuditCard } from './audit-card';
import { CredentialsCard } from './credentials-card';
import { HostKeysCard } from './host-keys-card';
import { PasswordCard } from './password-card';
import { TokensCard } from './tokens-card';
import { UsersCard } from './users-card';

/** The settings page: users, API tokens, stored SSH credentials, pinned host keys and the audit trail (admins). */
export function SettingsView() {
  const status = useAuthStatusQuery();
  // A bearer-less page always has a session; before it is known, render as admin (the API refuses anyway).
  const role = status.data?.user?.role ?? 'admin';
  if (role !== 'admin') {
    return (
      <>
        <PageHeader
          title="Settings"
          subtitle={`Users, tokens, SSH credentials and the audit trail are for admins; you are ${role}.`}
        />
        <div className="space-y-6">
          <PasswordCard />
          {role === 'operator' && <HostKeysCard />}
        </div>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Settings"
        subtitle="Who may do what, access for scripts, and how the panel logs in to SSH hosts."
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <div className="space-y-6">
          <UsersCard />
          <PasswordCard />
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
