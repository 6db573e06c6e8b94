'use client';
import type { Dispatch } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field, FieldError, fieldIds } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { cn } from '@/components/ui/cn';
import { useCredentialsQuery } from '@/lib/queries/credentials-query';
import { RowShell } from './row-shell';
import { parsePort, SshNodeFields } from './ssh-node-fields';
import { MachinesCard } from './machines-card';
import {
  activePort,
  draftUsesTls,
  fieldId,
  machineSource,
  POSTGRES_VERSIONS,
  sourcePatch,
  type Draft,
  type MachineSource,
  type WizardAction,
} from './wizard.utils';

const SOURCES: Array<{ value: MachineSource; title: string; description: string }> = [
  { value: 'local', title: 'This machine', description: 'Each node is a PostgreSQL instance on 127.0.0.1 with its own port.' },
  { value: 'ssh', title: 'My servers (SSH)', description: 'One Debian or Ubuntu server per node, reached over SSH.' },
  { value: 'yandex-cloud', title: 'Create VMs in Yandex Cloud', description: 'pgcascade creates one VM per node in your folder, then sets them up over SSH.' },
  { value: 'libvirt', title: 'Create VMs with KVM/libvirt', description: 'pgcascade creates one VM per node on a libvirt host, then sets them up over SSH.' },
];

/** Step 1: where the nodes run, which PostgreSQL, and the nodes with their ports. */
export function HostsStep({
  draft,
  errors,
  dispatch,
}: {
  draft: Draft;
  errors: Record<string, string[]>;
  dispatch: Dispatch<WizardAction>;
}) {
  const isSsh = draft.provider === 'ssh';
  const source = machineSource(draft);
  // Existing servers need their address and login; VMs pgcascade creates get both from pgcascade.
  const hasLogin = isSsh && draft.machines === null;
  const credentials = useCredentialsQuery({ enabled: isSsh });
  return (
    <div
      className={cn(
        'grid grid-cols-1 gap-6',
        isSsh ? 'xl:grid-cols-[minmax(0,4fr)_minmax(0,8fr)]' : 'lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]',
      )}
    >
      <Card>
        <CardHeader
          title="Cluster"
          description="A name for the panel, where the nodes run and which PostgreSQL they use."
        />
        <CardBody className="space-y-4">
          <Field
            id={fieldId('name')}
            label="Cluster name"
            errors={errors.name}
            hint="Letters, digits, space, _ . - (shown in the panel only)"
          >
            {(p) => (
              <Input
                {...p}
                value={draft.name}
                placeholder="four-node-demo"
                autoComplete="off"
                onChange={(e) => dispatch({ type: 'set', patch: { name: e.target.value } })}
              />
            )}
          </Field>

          <fieldset aria-describedby={errors.provider ? fieldIds(fieldId('provider')).error : undefined}>
            <legend className="mb-1 block text-xs font-medium text-slate-700">Where the nodes run</legend>
            <div className={cn('grid gap-2', isSsh ? 'sm:grid-cols-2 xl:grid-cols-1 2xl:grid-cols-2' : 'sm:grid-cols-2')}>
              {SOURCES.map((o) => (
                <label
                  key={o.value}
                  className="flex cursor-pointer items-start gap-2 rounded-md border border-slate-300 bg-white p-3 text-sm has-[:checked]:border-blue-600 has-[:checked]:bg-blue-50"
                >
                  <input
                    type="radio"
                    name="provider"
                    value={o.value}
                    className="mt-0.5 accent-blue-600"
                    checked={source === o.value}
                    onChange={() => dispatch({ type: 'set', patch: sourcePatch(o.value) })}
                  />
                  <span>
                    <span className="block font-medium">{o.title}</span>
                    <span className="block text-xs text-slate-600">{o.description}</span>
                  </span>
                </label>
              ))}
            </div>
            {errors.provider && (
              <FieldError id={fieldIds(fieldId('provider')).error} messages={errors.provider} />
            )}
          </fieldset>

          <div>
            <label className="flex cursor-pointer items-start gap-2 text-sm">
              <input
                type="checkbox"
                id={fieldId('tls')}
                className="mt-0.5 accent-blue-600"
                checked={draftUsesTls(draft)}
                aria-describedby={errors.tls ? fieldIds(fieldId('tls')).error : undefined}
                onChange={(e) => dispatch({ type: 'set', patch: { tls: e.target.checked } })}
              />
              <span>
                <span className="block font-medium">TLS between nodes</span>
                <span className="block text-xs text-slate-600">
                  A CA for this cluster signs each node&apos;s certificate; peers connect over TLS only and verify it
                  (sslmode=verify-full). {isSsh ? 'Recommended whenever replication crosses a network.' : 'Optional on this machine.'}
                </span>
              </span>
            </label>
            {errors.tls && <FieldError id={fieldIds(fieldId('tls')).error} messages={errors.tls} />}
          </div>

          <Field
            id={fieldId('postgresVersion')}
            label="PostgreSQL version"
            errors={errors.postgresVersion}
            hint={
              isSsh
                ? 'Installed on each host from apt when it is missing.'
                : 'Its server binaries must be installed on this machine.'
            }
          >
            {(p) => (
              <Select
                {...p}
                value={draft.postgresVersion ?? ''}
                onChange={(e) =>
                  dispatch({
                    type: 'set',
                    patch: { postgresVersion: e.target.value === '' ? null : Number(e.target.value) },
                  })
                }
              >
                <option value="">Choose a version</option>
                {POSTGRES_VERSIONS.map((v) => (
                  <option key={v} value={v}>
                    PostgreSQL {v}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title="Nodes"
          description={
            draft.machines !== null
              ? 'One VM per node; pgcascade chooses each address unless you give one, and logs in with a key it generates.'
              : isSsh
              ? 'One PostgreSQL server per host. The panel logs in over SSH (with sudo when the user is not root), and only to hosts whose SSH key you accepted below.'
              : 'One PostgreSQL instance per node on this machine: give each a free port.'
          }
          actions={
            <Button size="sm" onClick={() => dispatch({ type: 'add', section: 'nodes' })}>
              + Add node
            </Button>
          }
        />
        <CardBody>
          {errors.nodes && <FieldError messages={errors.nodes} />}
          <ol className="space-y-2">
            {draft.nodes.map((node, i) => (
              <RowShell
                key={node.key}
                label="Node"
                index={i}
                errorId={fieldId(`nodes.${i}`)}
                errors={errors[`nodes.${i}`]}
                onRemove={
                  draft.nodes.length > 1
                    ? () => dispatch({ type: 'remove', section: 'nodes', index: i })
                    : undefined
                }
              >
                <div
                  className={cn(
                    'grid gap-3',
                    isSsh
                      ? 'grid-cols-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)_7rem]'
                      : 'grid-cols-[minmax(0,1fr)_7rem] sm:grid-cols-[minmax(0,1fr)_8rem_minmax(0,1fr)]',
                  )}
                >
                  <Field
                    id={fieldId(`nodes.${i}.name`)}
                    srPrefix={`Node ${i + 1}`}
                    label="Name"
                    errors={errors[`nodes.${i}.name`]}
                  >
                    {(p) => (
                      <Input
                        {...p}
                        value={node.name}
                        autoComplete="off"
                        onChange={(e) =>
                          dispatch({
                            type: 'update',
                            section: 'nodes',
                            index: i,
                            patch: { name: e.target.value },
                          })
                        }
                      />
                    )}
                  </Field>
                  {isSsh && (
                    <Field
                      id={fieldId(`nodes.${i}.address`)}
                      srPrefix={`Node ${i + 1}`}
                      label="Address"
                      errors={errors[`nodes.${i}.address`]}
                    >
                      {(p) => (
                        <Input
                          {...p}
                          value={node.address}
                          placeholder={hasLogin ? '10.0.0.11 or db1.example.net' : 'chosen by pgcascade'}
                          autoComplete="off"
                          spellCheck={false}
                          onChange={(e) =>
                            dispatch({
                              type: 'update',
                              section: 'nodes',
                              index: i,
                              patch: { address: e.target.value },
                            })
                          }
                        />
                      )}
                    </Field>
                  )}
                  <Field
                    id={fieldId(`nodes.${i}.port`)}
                    srPrefix={`Node ${i + 1}`}
                    label={isSsh ? 'PostgreSQL port' : 'Port'}
                    errors={errors[`nodes.${i}.port`]}
                    className={isSsh ? 'col-span-2 sm:col-span-1' : undefined}
                  >
                    {(p) => (
                      <Input
                        {...p}
                        type="number"
                        inputMode="numeric"
                        min={1}
                        max={65535}
                        value={activePort(draft, node) ?? ''}
                        onChange={(e) => {
                          const port = parsePort(e.target.value);
                          dispatch({
                            type: 'update',
                            section: 'nodes',
                            index: i,
                            patch: isSsh ? { remotePort: port } : { port },
                          });
                        }}
                      />
                    )}
                  </Field>
                  {!isSsh && (
                    <div className="col-span-2 min-w-0 sm:col-span-1">
                      <span className="mb-1 block text-xs font-medium text-slate-700">Address</span>
                      <p className="flex h-9 items-center truncate rounded-md border border-dashed border-slate-200 px-2.5 font-mono text-sm text-slate-500">
                        127.0.0.1:{node.port ?? '…'}
                      </p>
                    </div>
                  )}
                </div>
                {hasLogin && (
                  <SshNodeFields
                    node={node}
                    index={i}
                    errors={errors}
                    credentials={credentials.data}
                    isLoadingCredentials={credentials.isPending}
                    dispatch={dispatch}
                  />
                )}
              </RowShell>
            ))}
          </ol>
        </CardBody>
      </Card>

      <MachinesCard draft={draft} errors={errors} dispatch={dispatch} credentials={credentials.data} />
    </div>
  );
}
