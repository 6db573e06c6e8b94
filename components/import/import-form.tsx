'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { IssueList } from '@/components/ui/issue-list';
import { PageHeader } from '@/components/ui/page-header';
import { issuesFrom } from '@/lib/queries/fetch-json';
import { useClusterImportMutation } from '@/lib/queries/cluster-import-mutation';
import { importClusterAction } from '@/app/(panel)/clusters/import/actions';

interface NodeRow {
  name: string;
  port: string;
  dataDir: string;
}

/** "Add existing servers": local servers by port and data directory; nothing changes on them. */
export function ImportForm() {
  const router = useRouter();
  const importing = useClusterImportMutation(importClusterAction);
  const [name, setName] = useState('existing');
  const [database, setDatabase] = useState('postgres');
  const [user, setUser] = useState('postgres');
  const [password, setPassword] = useState('');
  const [nodes, setNodes] = useState<NodeRow[]>([{ name: 'vm1', port: '5432', dataDir: '' }]);
  const issues = importing.isError ? issuesFrom(importing.error) : [];
  const errorsAt = (path: string) => issues.filter((i) => i.path === path).map((i) => i.message);
  const setNode = (i: number, patch: Partial<NodeRow>) => setNodes((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  function handleSubmit(e: React.FormEvent) {
    e.preventDefault();
    importing.mutate(
      { name, provider: 'local', database, login: { user, ...(password ? { password } : {}) }, nodes: nodes.map((n) => ({ name: n.name, port: Number(n.port), dataDir: n.dataDir })) },
      { onSuccess: (res) => router.push(`/clusters/${res.id}`) },
    );
  }

  return (
    <div className="space-y-4">
      <PageHeader title="Add existing servers" subtitle="pgcascade reads what runs on them and proposes the topology that describes it. Nothing changes on the servers; applying the proposal changes nothing either." />
      <form onSubmit={handleSubmit} className="space-y-4">
        <Card aria-labelledby="import-cluster">
          <CardHeader id="import-cluster" title="Cluster" description="SSH hosts: POST /api/clusters/import (see the README's Existing servers)." />
          <CardBody className="grid gap-3 sm:grid-cols-2">
            <Field id="import-name" label="Name" errors={errorsAt('name')}>{(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
            <Field id="import-database" label="Database" errors={errorsAt('database')}>{(p) => <Input {...p} value={database} onChange={(e) => setDatabase(e.target.value)} />}</Field>
            <Field id="import-user" label="Superuser" errors={[...errorsAt('login'), ...errorsAt('login.user')]}>{(p) => <Input {...p} value={user} onChange={(e) => setUser(e.target.value)} />}</Field>
            <Field id="import-password" label="Password" errors={errorsAt('login.password')}>{(p) => <Input {...p} type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />}</Field>
          </CardBody>
        </Card>
        <Card aria-labelledby="import-nodes">
          <CardHeader id="import-nodes" title="Servers" actions={<Button type="button" onClick={() => setNodes((r) => [...r, { name: `vm${r.length + 1}`, port: '', dataDir: '' }])}>Add a server</Button>} />
          <CardBody className="space-y-3">
            {nodes.map((n, i) => (
              <div key={i} className="grid gap-3 sm:grid-cols-[1fr_1fr_3fr_auto]">
                <Field id={`import-node-${i}-name`} label="Name" srPrefix={`Server ${i + 1}`} errors={errorsAt(`nodes.${i}.name`)}>{(p) => <Input {...p} value={n.name} onChange={(e) => setNode(i, { name: e.target.value })} />}</Field>
                <Field id={`import-node-${i}-port`} label="Port" srPrefix={`Server ${i + 1}`} errors={[...errorsAt(`nodes.${i}.port`), ...errorsAt(`nodes.${i}`)]}>{(p) => <Input {...p} inputMode="numeric" value={n.port} onChange={(e) => setNode(i, { port: e.target.value })} />}</Field>
                <Field id={`import-node-${i}-datadir`} label="Data directory" srPrefix={`Server ${i + 1}`} errors={errorsAt(`nodes.${i}.dataDir`)}>{(p) => <Input {...p} value={n.dataDir} placeholder="/var/lib/postgresql/15/main" onChange={(e) => setNode(i, { dataDir: e.target.value })} />}</Field>
                <div className="self-end">{nodes.length > 1 && <Button type="button" onClick={() => setNodes((r) => r.filter((_, j) => j !== i))}>Remove</Button>}</div>
              </div>
            ))}
          </CardBody>
        </Card>
        {issues.some((i) => !/^(name|database|login|nodes\.)/.test(i.path)) && <IssueList issues={issues.filter((i) => !/^(name|database|login|nodes\.)/.test(i.path))} />}
        <Button type="submit" variant="primary" disabled={importing.isPending}>{importing.isPending ? 'Reading the servers…' : 'Read the servers and save'}</Button>
      </form>
    </div>
  );
}
