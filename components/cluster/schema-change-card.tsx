'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Checkbox, Input, Select, Textarea } from '@/components/ui/input';
import { PlanSteps } from '@/components/plan/plan-steps';
import { JobStartError } from '@/components/job/job-start-error';
import { useClusterSchemaChangeMutation } from '@/lib/queries/cluster-schema-change-mutation';
import { issuesFrom } from '@/lib/queries/fetch-json';
import type { Topology } from '@/lib/topology/schema';
import type { SchemaChangeRequest } from '@/lib/topology/schema-change-request';
import { previewSchemaChangeAction, schemaChangeAction } from '@/app/(panel)/clusters/[id]/actions';

/** "Change schema": SQL run on every writable node in replication order, tables optionally published, plan first. */
export function SchemaChangeCard({ clusterId, topology, isBusy }: { clusterId: string; topology: Topology; isBusy: boolean }) {
  const router = useRouter();
  const [sql, setSql] = useState('');
  const [publication, setPublication] = useState('');
  const [tables, setTables] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const { preview, run } = useClusterSchemaChangeMutation(clusterId, previewSchemaChangeAction, schemaChangeAction);
  const names = tables.split(',').map((x) => x.trim()).filter(Boolean);
  const request: SchemaChangeRequest = { sql, ...(publication && names.length > 0 ? { publish: [{ publication, tables: names }] } : {}) };
  const plan = preview.data?.plan;
  const isDestructive = Boolean(plan?.steps.some((s) => s.destructive));
  const errorsAt = (prefix: string) => (preview.isError ? issuesFrom(preview.error).filter((i) => i.path.startsWith(prefix)).map((i) => i.message) : []);

  return (
    <Card aria-labelledby="schema-change-title">
      <CardHeader
        id="schema-change-title"
        title="Change schema"
        description="Logical replication does not carry DDL. Additive statements (CREATE TABLE / INDEX / SEQUENCE / TYPE / SCHEMA, ADD COLUMN) run on subscribers before their publishers; removing ones (DROP …) on publishers first. Standbys replay it. Anything else is refused with what to do instead."
      />
      <CardBody className="space-y-3">
        <Field id="schema-change-sql" label="SQL" errors={errorsAt('sql')}>
          {(p) => <Textarea {...p} rows={5} value={sql} placeholder="ALTER TABLE test ADD COLUMN note text DEFAULT 'x';" onChange={(e) => { setSql(e.target.value); preview.reset(); }} />}
        </Field>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <Field id="schema-change-publication" label="Then publish in (optional)" errors={errorsAt('publish.0.publication')}>
            {(p) => (
              <Select {...p} value={publication} onChange={(e) => { setPublication(e.target.value); preview.reset(); }}>
                <option value="">no publication</option>
                {topology.publications.map((x) => (
                  <option key={x.name} value={x.name}>{`${x.name} on ${x.node}`}</option>
                ))}
              </Select>
            )}
          </Field>
          <Field id="schema-change-tables" label="Tables to publish (schema.name, comma separated)" errors={errorsAt('publish.0.tables')}>
            {(p) => <Input {...p} value={tables} placeholder="public.audit" onChange={(e) => { setTables(e.target.value); preview.reset(); }} />}
          </Field>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Button disabled={isBusy || preview.isPending || sql.trim() === ''} onClick={() => preview.mutate(request)}>
            {preview.isPending ? 'Planning…' : 'Preview plan'}
          </Button>
          <Button variant="primary" disabled={isBusy || !plan || run.isPending || (isDestructive && !confirmed)} onClick={() => run.mutate({ input: request, confirmDestructive: confirmed }, { onSuccess: (r) => r.jobId && router.push(`/jobs/${r.jobId}`) })}>
            {run.isPending ? 'Starting…' : 'Run the change'}
          </Button>
          {isDestructive && (
            <label className="flex items-center gap-2 text-sm text-red-800">
              <Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
              I understand that this removes data
            </label>
          )}
        </div>
        {preview.isError && errorsAt('sql').length === 0 && errorsAt('publish').length === 0 && <JobStartError title="The change could not be planned" error={preview.error} />}
        {run.isError && <JobStartError title="The change could not start" error={run.error} />}
        {plan && (
          <>
            <Alert tone="info" title={`A ${preview.data?.kind} change, in the order ${preview.data?.order.join(' → ')}`}>
              Nothing has run yet. Each statement is skipped on a node where it is already applied.
            </Alert>
            <PlanSteps steps={plan.steps} />
          </>
        )}
      </CardBody>
    </Card>
  );
}
