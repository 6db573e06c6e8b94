'use client';
import { Alert } from '@/components/ui/alert';
import { IssueList } from '@/components/ui/issue-list';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { useHostKeysQuery } from '@/lib/queries/host-keys-query';
import type { ApiIssue, Plan } from '@/lib/queries/types';
import { activePort, type Draft } from './wizard.utils';

/** SSH nodes whose host key nobody accepted yet: the job would stop at pre-flight for them. */
function UnacceptedHostKeys({ draft }: { draft: Draft }) {
  const hostKeys = useHostKeysQuery();
  if (!hostKeys.data) return null;
  const missing = draft.nodes.filter((n) => {
    const host = n.address.trim();
    const port = n.ssh.port ?? 22;
    return host !== '' && !hostKeys.data.some((k) => k.host === host && k.port === port);
  });
  if (missing.length === 0) return null;
  return (
    <Alert tone="warning" title="Host keys not accepted yet">
      {missing.map((n) => `${n.name} (${n.address.trim()}:${n.ssh.port ?? 22})`).join(', ')}: the panel does not log in
      to a host whose SSH key nobody confirmed, so the job would stop at pre-flight. Go back to Hosts and accept
      each key after comparing it on the host.
    </Alert>
  );
}

/** Step 4: what is about to happen, and the button that starts the job. */
export function ApplyStep({
  draft,
  plan,
  canApply,
  isApplying,
  issues,
  onApply,
}: {
  draft: Draft;
  plan: Plan | null;
  canApply: boolean;
  isApplying: boolean;
  issues: ApiIssue[];
  onApply: () => void;
}) {
  return (
    <Card>
      <CardHeader
        title="Apply"
        description="Starts a job that runs the plan step by step; you will follow it live on the job page."
      />
      <CardBody className="space-y-4">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_minmax(0,1fr)]">
          <dt className="text-slate-500">Cluster</dt>
          <dd className="font-medium">{draft.name}</dd>
          <dt className="text-slate-500">Where</dt>
          <dd>
            {draft.machines === 'yandex-cloud'
              ? `New VMs in Yandex Cloud folder ${draft.yandex.folderId}`
              : draft.machines === 'libvirt'
                ? `New VMs on libvirt at ${draft.libvirt.uri}`
                : draft.provider === 'local'
                  ? 'This machine (127.0.0.1)'
                  : 'SSH hosts'}
            , PostgreSQL{' '}
            {draft.postgresVersion}
          </dd>
          <dt className="text-slate-500">Nodes</dt>
          <dd className="flex flex-wrap gap-2">
            {draft.nodes.map((n) => (
              <span key={n.key} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">
                {draft.provider === 'ssh'
                  ? `${n.name} (${n.address || 'address chosen by pgcascade'}:${activePort(draft, n) ?? ''})`
                  : `${n.name}:${activePort(draft, n) ?? ''}`}
              </span>
            ))}
          </dd>
          <dt className="text-slate-500">Plan</dt>
          <dd>{plan ? `${plan.steps.length} steps` : '—'}</dd>
        </dl>
        <p className="text-sm text-slate-600">
          Every step checks the live state first and only changes what differs, so applying again later is
          safe. If a step fails, the job stops there and you can retry from that step.
        </p>
        {/* Created VMs' host keys are pinned by pgcascade as it makes them. */}
        {draft.provider === 'ssh' && draft.machines === null && <UnacceptedHostKeys draft={draft} />}
        {issues.length > 0 && (
          <Alert tone="error" title="The cluster could not be created">
            <IssueList issues={issues} />
          </Alert>
        )}
        <Button variant="primary" onClick={onApply} disabled={!canApply || isApplying}>
          {isApplying ? 'Starting…' : 'Apply'}
        </Button>
      </CardBody>
    </Card>
  );
}
