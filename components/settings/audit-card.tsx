'use client';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, Td, Th } from '@/components/ui/table';
import { useAuditQuery } from '@/lib/queries/audit-query';
import { errorMessage } from '@/lib/queries/fetch-json';
import type { AuditFilter } from '@/lib/queries/types';
import { formatWhen } from './settings.utils';

const EMPTY: AuditFilter = { actor: '', action: '', outcome: '' };

/** Every change made through the panel, newest first, with filters. */
export function AuditCard() {
  const [draft, setDraft] = useState<AuditFilter>(EMPTY);
  const [filter, setFilter] = useState<AuditFilter>(EMPTY);
  const [limit, setLimit] = useState(100);
  const audit = useAuditQuery(filter, limit);

  function handleFilter(e: FormEvent) {
    e.preventDefault();
    setLimit(100);
    setFilter({ actor: draft.actor.trim(), action: draft.action.trim(), outcome: draft.outcome });
  }

  return (
    <Card aria-labelledby="audit-title">
      <CardHeader
        id="audit-title"
        title="Audit trail"
        description={`Who changed what, from where, and the outcome${audit.data ? `; kept ${audit.data.retentionDays} days` : ''}.`}
      />
      <CardBody className="space-y-4">
        <form onSubmit={handleFilter} noValidate className="flex flex-wrap items-start gap-2">
          <Field id="audit-actor" label="Who" className="w-40">
            {(p) => (
              <Input
                {...p}
                value={draft.actor}
                placeholder="admin, token:ci"
                onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
              />
            )}
          </Field>
          <Field id="audit-action" label="Action contains" className="w-56">
            {(p) => (
              <Input
                {...p}
                value={draft.action}
                placeholder="apply, /api/users"
                onChange={(e) => setDraft({ ...draft, action: e.target.value })}
              />
            )}
          </Field>
          <Field id="audit-outcome" label="Outcome" className="w-32">
            {(p) => (
              <Select
                {...p}
                value={draft.outcome}
                onChange={(e) => setDraft({ ...draft, outcome: e.target.value })}
              >
                <option value="">any</option>
                <option value="ok">ok</option>
                <option value="denied">denied</option>
                <option value="refused">refused</option>
                <option value="error">error</option>
              </Select>
            )}
          </Field>
          <Button type="submit" className="mt-5">
            Filter
          </Button>
        </form>
        {audit.isPending ? (
          <Skeleton className="h-20" />
        ) : audit.isError ? (
          <Alert tone="error" title="The audit trail could not be loaded">
            {errorMessage(audit.error)}
          </Alert>
        ) : audit.data.entries.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing recorded matches.</p>
        ) : (
          <div className="overflow-x-auto rounded-md border border-slate-200">
            <Table aria-label="Audit trail">
              <thead>
                <tr>
                  <Th>When</Th>
                  <Th>Who</Th>
                  <Th>From</Th>
                  <Th>What</Th>
                  <Th>Outcome</Th>
                </tr>
              </thead>
              <tbody>
                {audit.data.entries.map((e) => (
                  <tr key={e.id}>
                    <Td className="text-xs whitespace-nowrap text-slate-600">{formatWhen(e.at)}</Td>
                    <Td className="text-xs font-medium">{e.actor}</Td>
                    <Td className="text-xs text-slate-600">{e.clientAddress ?? '—'}</Td>
                    <Td className="font-mono text-xs">
                      {e.action}
                      {[e.clusterId && `cluster ${e.clusterId}`, e.node && `node ${e.node}`, e.target]
                        .filter(Boolean)
                        .map((t) => (
                          <span key={String(t)} className="ml-2 text-slate-500">
                            {t}
                          </span>
                        ))}
                    </Td>
                    <Td className={`text-xs ${e.outcome === 'ok' ? 'text-emerald-700' : 'text-red-700'}`}>
                      {e.outcome} ({e.status})
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )}
        {audit.data && audit.data.entries.length === limit && limit < 1000 && (
          <Button size="sm" onClick={() => setLimit(Math.min(1000, limit * 2))}>
            Show more
          </Button>
        )}
      </CardBody>
    </Card>
  );
}
