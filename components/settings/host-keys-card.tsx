'use client';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Dialog } from '@/components/ui/dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, Td, Th } from '@/components/ui/table';
import { errorMessage } from '@/lib/queries/fetch-json';
import { useHostKeyAcceptMutation } from '@/lib/queries/host-key-accept-mutation';
import { useHostKeyForgetMutation } from '@/lib/queries/host-key-forget-mutation';
import { Textarea } from '@/components/ui/input';
import { useHostKeysQuery } from '@/lib/queries/host-keys-query';
import type { HostKey } from '@/lib/queries/types';
import { formatWhen } from './settings.utils';
import { acceptHostKeysAction, forgetHostKeyAction } from '@/app/(panel)/settings/actions';

/** SSH host keys accepted by a person (here from known_hosts lines, or in the wizard), and "Forget" for a rebuilt host. */
export function HostKeysCard() {
  const hostKeys = useHostKeysQuery();
  const forget = useHostKeyForgetMutation(forgetHostKeyAction);
  const accept = useHostKeyAcceptMutation(acceptHostKeysAction);
  const [pasted, setPasted] = useState('');
  const [toForget, setToForget] = useState<HostKey | null>(null);
  const target = toForget ? `${toForget.host}:${toForget.port}` : '';

  return (
    <Card aria-labelledby="host-keys-title">
      <CardHeader
        id="host-keys-title"
        title="Pinned SSH host keys"
        description="The panel logs in only to hosts whose key was accepted here or in the wizard, and refuses to connect if a host presents another key."
      />
      <CardBody>
        {hostKeys.isPending ? (
          <Skeleton className="h-20" />
        ) : hostKeys.isError ? (
          <Alert tone="error" title="The host keys could not be loaded">
            {errorMessage(hostKeys.error)}
          </Alert>
        ) : hostKeys.data.length === 0 ? (
          <p className="text-sm text-slate-600">
            No host keys pinned yet: accept them in the wizard&apos;s host step, or paste known_hosts lines below.
          </p>
        ) : (
          <div className="overflow-hidden rounded-md border border-slate-200">
            <Table aria-label="Pinned SSH host keys">
              <thead>
                <tr>
                  <Th>Host</Th>
                  <Th>Fingerprint</Th>
                  <Th>Pinned</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody>
                {hostKeys.data.map((k) => (
                  <tr key={`${k.host}:${k.port}`}>
                    <Td className="font-mono text-xs">
                      {k.host}:{k.port}
                    </Td>
                    <Td className="max-w-md break-all font-mono text-xs text-slate-700">{k.fingerprint}</Td>
                    <Td className="text-xs whitespace-nowrap text-slate-600">{formatWhen(k.pinnedAt)}</Td>
                    <Td className="text-right">
                      <Button
                        size="sm"
                        variant="ghost"
                        className="text-red-700 hover:bg-red-50"
                        aria-label={`Forget the key of ${k.host}:${k.port}`}
                        onClick={() => {
                          forget.reset();
                          setToForget(k);
                        }}
                      >
                        Forget
                      </Button>
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )}
        <form
          className="mt-4 space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            accept.mutate({ knownHosts: pasted, hosts: [] }, { onSuccess: () => setPasted('') });
          }}
        >
          <label htmlFor="known-hosts-lines" className="block text-xs font-medium text-slate-700">
            Accept keys from known_hosts lines
          </label>
          <Textarea
            id="known-hosts-lines"
            rows={3}
            spellCheck={false}
            autoComplete="off"
            placeholder="db1.example.net ssh-ed25519 AAAA… (from ~/.ssh/known_hosts, or ssh-keyscan checked against the host)"
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
          />
          <Button type="submit" size="sm" disabled={accept.isPending || pasted.trim() === ''}>
            {accept.isPending ? 'Accepting…' : 'Accept keys'}
          </Button>
          {accept.isError && (
            <Alert tone="error" title="The keys were not accepted">
              {errorMessage(accept.error)}
            </Alert>
          )}
          {accept.isSuccess && accept.data.skipped.length > 0 && (
            <Alert tone="warning" title="Some lines were skipped">
              {accept.data.skipped.join('; ')}
            </Alert>
          )}
        </form>
      </CardBody>

      <Dialog
        open={toForget !== null}
        onClose={() => setToForget(null)}
        title={`Forget the key of ${target}?`}
        className="w-[min(36rem,calc(100vw-2rem))]"
        footer={
          <>
            <Button onClick={() => setToForget(null)}>Keep it</Button>
            <Button
              variant="danger"
              disabled={forget.isPending}
              onClick={() => toForget && forget.mutate(toForget, { onSuccess: () => setToForget(null) })}
            >
              {forget.isPending ? 'Forgetting…' : 'Forget key'}
            </Button>
          </>
        }
      >
        <div className="space-y-3 text-sm text-slate-700">
          <p>
            Do this only when you know why the key changed: the host was reinstalled, or its SSH host keys
            were regenerated. On the host itself, <code className="text-xs">ssh-keygen -lf</code> of its key
            files in <code className="text-xs">/etc/ssh</code> shows the fingerprints to expect after the next
            connection.
          </p>
          <p>
            If you did not change the host, a different key can mean that someone is intercepting the
            connection: keep the pinned key and find out first. After forgetting, accept the host&apos;s new key
            (after comparing it on the host) before the next job.
          </p>
          {forget.isError && (
            <Alert tone="error" title="The key could not be forgotten">
              {errorMessage(forget.error)}
            </Alert>
          )}
        </div>
      </Dialog>
    </Card>
  );
}
