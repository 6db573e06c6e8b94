'use client';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Dialog } from '@/components/ui/dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, Td, Th } from '@/components/ui/table';
import { errorMessage } from '@/lib/queries/fetch-json';
import { useHostKeyForgetMutation } from '@/lib/queries/host-key-forget-mutation';
import { useHostKeysQuery } from '@/lib/queries/host-keys-query';
import type { HostKey } from '@/lib/queries/types';
import { formatWhen } from './settings.utils';

/** SSH host keys pinned on first use, and "Forget" for a host that was really rebuilt. */
export function HostKeysCard() {
  const hostKeys = useHostKeysQuery();
  const forget = useHostKeyForgetMutation();
  const [toForget, setToForget] = useState<HostKey | null>(null);
  const target = toForget ? `${toForget.host}:${toForget.port}` : '';

  return (
    <Card aria-labelledby="host-keys-title">
      <CardHeader
        id="host-keys-title"
        title="Pinned SSH host keys"
        description="The first time the panel connects to a host it remembers the host's key, and from then on refuses to connect if the host presents another one."
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
            No host keys pinned yet: they appear here after the first job on SSH hosts.
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
            connection: keep the pinned key and find out first. After forgetting, the next job pins whatever
            key the host presents.
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
