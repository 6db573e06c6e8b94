'use client';
import type { Dispatch } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Checkbox, Input, Select } from '@/components/ui/input';
import { Table, Td, Th } from '@/components/ui/table';
import { errorMessage } from '@/lib/queries/fetch-json';
import type { Credential } from '@/lib/queries/types';
import { useLibvirtCheckMutation } from '@/lib/queries/machines-libvirt-check-mutation';
import { useYandexCheckMutation } from '@/lib/queries/machines-yandex-check-mutation';
import { checkLibvirtAction, testYandexCredentialsAction } from '@/app/(panel)/clusters/new/actions';
import { fieldId, type Draft, type DraftResources, type WizardAction } from './wizard.utils';

type Errors = Record<string, string[]>;

const errorsAt = (errors: Errors, ...paths: string[]) => paths.flatMap((p) => errors[p] ?? []);

/** A number input that keeps an emptied field as null (the server then names it). */
function NumberInput({ value, onValue, ...p }: { id: string; value: number | null; step?: string; min?: number; onValue: (v: number | null) => void }) {
  return <Input {...p} type="number" inputMode="decimal" value={value ?? ''} onChange={(e) => onValue(e.target.value === '' ? null : Number(e.target.value))} />;
}

function ResourceFields({ resources, errors, onChange }: { resources: DraftResources; errors: Errors; onChange: (patch: Partial<DraftResources>) => void }) {
  const fields: Array<{ key: keyof DraftResources; label: string; step: string; min: number }> = [
    { key: 'cores', label: 'vCPUs per VM', step: '1', min: 1 },
    { key: 'memoryGb', label: 'Memory per VM (GB)', step: '0.5', min: 0.5 },
    { key: 'diskGb', label: 'Disk per VM (GB)', step: '1', min: 4 },
  ];
  return (
    <>
      {fields.map((f) => (
        <Field key={f.key} id={fieldId(`machines.resources.${f.key}`)} label={f.label} errors={errorsAt(errors, `machines.resources.${f.key}`, ...(f.key === 'cores' ? ['machines.resources'] : []))}>
          {(p) => <NumberInput {...p} step={f.step} min={f.min} value={resources[f.key]} onValue={(v) => onChange({ [f.key]: v })} />}
        </Field>
      ))}
    </>
  );
}

/** Problems a check found, each with its reason and fix, as pre-flight would stop on them. */
function Problems({ title, problems }: { title: string; problems: string[] }) {
  if (problems.length === 0) return null;
  return (
    <Alert tone="error" title={title}>
      <ul className="list-disc space-y-1 pl-5">
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </Alert>
  );
}

function YandexFields({ draft, errors, dispatch, credentials }: { draft: Draft; errors: Errors; dispatch: Dispatch<WizardAction>; credentials: Credential[] | undefined }) {
  const y = draft.yandex;
  const set = (patch: Partial<Draft['yandex']>) => dispatch({ type: 'update-yandex', patch });
  const check = useYandexCheckMutation(testYandexCredentialsAction);
  const result = check.data;
  const isCurrent = check.variables?.credentialId === y.credentialId && check.variables?.folderId === y.folderId.trim();
  return (
    <CardBody className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field id={fieldId('machines.credentialId')} label="Credential" errors={errorsAt(errors, 'machines.credentialId')} hint="A service account's authorized key (JSON) or an OAuth token, stored under Settings">
          {(p) => (
            <Select {...p} value={y.credentialId} onChange={(e) => set({ credentialId: e.target.value })}>
              <option value="">Choose a stored credential</option>
              {(credentials ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field id={fieldId('machines.folderId')} label="Folder ID" errors={errorsAt(errors, 'machines.folderId')} hint="The service account needs compute.editor and vpc.user on it">
          {(p) => <Input {...p} value={y.folderId} placeholder="b1g…" spellCheck={false} autoComplete="off" className="font-mono" onChange={(e) => set({ folderId: e.target.value })} />}
        </Field>
        <Field id={fieldId('machines.zone')} label="Zone" errors={errorsAt(errors, 'machines.zone')}>
          {(p) => (
            <>
              <Input {...p} list="yandex-zones" value={y.zone} spellCheck={false} autoComplete="off" className="font-mono" onChange={(e) => set({ zone: e.target.value })} />
              <datalist id="yandex-zones">
                {(result?.zones ?? []).map((z) => (
                  <option key={z.id} value={z.id} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field id={fieldId('machines.subnetId')} label="Subnet ID" errors={errorsAt(errors, 'machines.subnetId')} hint="The VMs' internal addresses come from it">
          {(p) => <Input {...p} value={y.subnetId} placeholder="e9b…" spellCheck={false} autoComplete="off" className="font-mono" onChange={(e) => set({ subnetId: e.target.value })} />}
        </Field>
        <Field id={fieldId('machines.image.family')} label="Image family" errors={errorsAt(errors, 'machines.image', 'machines.image.family')}>
          {(p) => <Input {...p} value={y.imageFamily} spellCheck={false} autoComplete="off" className="font-mono" onChange={(e) => set({ imageFamily: e.target.value })} />}
        </Field>
        <Field id={fieldId('machines.resources.platform')} label="Platform" errors={errorsAt(errors, 'machines.resources.platform')}>
          {(p) => <Input {...p} value={y.platform} placeholder="standard-v3" spellCheck={false} autoComplete="off" className="font-mono" onChange={(e) => set({ platform: e.target.value })} />}
        </Field>
        <ResourceFields resources={y} errors={errors} onChange={set} />
      </div>
      <label className="flex items-start gap-2 text-sm">
        <Checkbox id={fieldId('machines.publicIp')} className="mt-0.5" checked={y.publicIp} onChange={(e) => set({ publicIp: e.target.checked })} />
        <span>
          <span className="block font-medium">A public address for each VM</span>
          <span className="block text-xs text-slate-600">The panel logs in over it when it does not run inside the cloud network; peers replicate over the internal addresses.</span>
        </span>
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <Button size="sm" disabled={check.isPending} onClick={() => check.mutate({ credentialId: y.credentialId, folderId: y.folderId.trim() })}>
          {check.isPending ? 'Testing…' : 'Test credentials'}
        </Button>
        <span className="text-xs text-slate-600">Logs in and lists the zones and the folder&apos;s subnets; nothing is created.</span>
      </div>
      {check.isError && <Alert tone="error" title="The credentials could not be tested">{errorMessage(check.error)}</Alert>}
      {result && isCurrent && (
        <div className="space-y-3" aria-live="polite">
          <Problems title="Yandex Cloud refused" problems={result.problems} />
          {result.problems.length === 0 && (
            <Alert tone="success" title="The credentials work">
              {result.zones.length} zones, {result.subnets.length} subnets in folder {check.variables?.folderId}. Choose a subnet to use it.
            </Alert>
          )}
          {result.zones.length > 0 && (
            <p className="text-sm">
              <span className="font-medium">Zones: </span>
              <span aria-label="Zones" className="font-mono text-[13px]">
                {result.zones.map((z) => `${z.id}${z.status && z.status !== 'UP' ? ` (${z.status})` : ''}`).join(', ')}
              </span>
            </p>
          )}
          {result.subnets.length > 0 && (
            <Table aria-label="Subnets in the folder">
              <thead>
                <tr>
                  <Th>Subnet</Th>
                  <Th>Name</Th>
                  <Th>Zone</Th>
                  <Th>Addresses</Th>
                  <Th>
                    <span className="sr-only">Use</span>
                  </Th>
                </tr>
              </thead>
              <tbody>
                {result.subnets.map((s) => (
                  <tr key={s.id}>
                    <Td className="font-mono text-xs">{s.id}</Td>
                    <Td>{s.name ?? '—'}</Td>
                    <Td className="font-mono text-xs">{s.zone}</Td>
                    <Td className="font-mono text-xs">{s.cidrs.join(', ') || '—'}</Td>
                    <Td>
                      <Button size="sm" variant="ghost" aria-label={`Use subnet ${s.id}`} disabled={y.subnetId === s.id && y.zone === s.zone} onClick={() => set({ subnetId: s.id, zone: s.zone })}>
                        {y.subnetId === s.id && y.zone === s.zone ? 'In use' : 'Use'}
                      </Button>
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </div>
      )}
    </CardBody>
  );
}

const gb = (v: number | null) => (v === null ? 'unknown' : `${v.toFixed(1)} GB`);

function LibvirtFields({ draft, errors, dispatch }: { draft: Draft; errors: Errors; dispatch: Dispatch<WizardAction> }) {
  const l = draft.libvirt;
  const set = (patch: Partial<Draft['libvirt']>) => dispatch({ type: 'update-libvirt', patch });
  const check = useLibvirtCheckMutation(checkLibvirtAction);
  const result = check.data && check.variables?.uri === l.uri.trim() ? check.data : null;
  const count = draft.nodes.length;
  return (
    <CardBody className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <Field id={fieldId('machines.uri')} label="libvirt URI" errors={errorsAt(errors, 'machines.uri')} className="lg:col-span-2" hint="qemu:///system on this machine">
          {(p) => <Input {...p} value={l.uri} spellCheck={false} autoComplete="off" className="font-mono" onChange={(e) => set({ uri: e.target.value })} />}
        </Field>
        <Field id={fieldId('machines.network')} label="Network (optional)" errors={errorsAt(errors, 'machines.network')} hint="Empty: pgcascade manages a NAT network in 10.79.0.0/24" className="lg:col-span-3">
          {(p) => <Input {...p} value={l.network} placeholder="pgcascade" spellCheck={false} autoComplete="off" className="font-mono" onChange={(e) => set({ network: e.target.value })} />}
        </Field>
        <ResourceFields resources={l} errors={errors} onChange={set} />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button size="sm" disabled={check.isPending} onClick={() => check.mutate({ uri: l.uri.trim() })}>
          {check.isPending ? 'Checking…' : 'Check connection'}
        </Button>
        <span className="text-xs text-slate-600">Asks libvirt for its version and this host for its free memory and disk; nothing is created.</span>
      </div>
      {check.isError && <Alert tone="error" title="The connection could not be checked">{errorMessage(check.error)}</Alert>}
      {result && (
        <div className="space-y-3" aria-live="polite">
          {result.answered && (
            <Alert tone={result.problems.length > 0 ? 'warning' : 'success'} title={`libvirt answers at ${result.uri}`}>
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
                <dt>Hypervisor</dt>
                <dd>{result.version ?? 'unknown'}</dd>
                <dt>Free memory</dt>
                <dd>
                  {gb(result.freeMemoryGb)}
                  {l.memoryGb !== null && ` (the ${count} VMs need ${(l.memoryGb * count).toFixed(1)} GB)`}
                </dd>
                <dt>Free disk</dt>
                <dd>
                  {gb(result.freeDiskGb)} in {result.diskPath}
                </dd>
              </dl>
            </Alert>
          )}
          <Problems title={result.answered ? 'Pre-flight would stop on' : 'libvirt does not answer'} problems={result.problems} />
        </div>
      )}
    </CardBody>
  );
}

/** The settings of the driver that creates the nodes' VMs, with its connection check. */
export function MachinesCard({ draft, errors, dispatch, credentials }: { draft: Draft; errors: Errors; dispatch: Dispatch<WizardAction>; credentials: Credential[] | undefined }) {
  if (draft.machines === null) return null;
  const isYandex = draft.machines === 'yandex-cloud';
  return (
    <Card aria-labelledby="machines-title" className="lg:col-span-2 xl:col-span-2">
      <CardHeader
        id="machines-title"
        title={isYandex ? 'Yandex Cloud VMs' : 'KVM/libvirt VMs'}
        description={
          isYandex
            ? 'One VM per node, created through the Compute API with a key the panel generates; VMs cost money while they exist, and destroy deletes only the VMs this cluster created.'
            : 'One VM per node from a Debian 12 base image pgcascade builds once, each a copy-on-write disk with a cloud-init seed; KVM where it boots, else emulation.'
        }
      />
      {errors.machines && (
        <CardBody>
          <Alert tone="error">{errors.machines.join('; ')}</Alert>
        </CardBody>
      )}
      {isYandex ? <YandexFields draft={draft} errors={errors} dispatch={dispatch} credentials={credentials} /> : <LibvirtFields draft={draft} errors={errors} dispatch={dispatch} />}
    </Card>
  );
}
