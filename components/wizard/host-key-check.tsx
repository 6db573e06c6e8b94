'use client';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Textarea } from '@/components/ui/input';
import { errorMessage } from '@/lib/queries/fetch-json';
import { useHostKeyAcceptMutation } from '@/lib/queries/host-key-accept-mutation';
import { useHostKeyScanMutation } from '@/lib/queries/host-key-scan-mutation';
import { useHostKeysQuery } from '@/lib/queries/host-keys-query';
import { acceptHostKeysAction } from '@/app/(panel)/settings/actions';
import { scanHostKeyAction } from '@/app/(panel)/clusters/new/actions';

/** The key file on the host whose fingerprint the user compares (ssh-keygen -lf <file>). */
function keyFile(keyType: string | null): string {
  const kind = (keyType ?? 'ssh-ed25519').replace(/^ssh-|-sha2-nistp\d+$/g, '');
  return `/etc/ssh/ssh_host_${kind}_key.pub`;
}

/**
 * A node's SSH host key, confirmed by the user before the panel ever logs in: shown from the host (read during
 * the handshake, nothing sent) and accepted, or taken from pasted known_hosts lines.
 */
export function HostKeyCheck({ host, port, label }: { host: string; port: number; label: string }) {
  const hostKeys = useHostKeysQuery();
  const scan = useHostKeyScanMutation(scanHostKeyAction);
  const accept = useHostKeyAcceptMutation(acceptHostKeysAction);
  const [isPasting, setIsPasting] = useState(false);
  const [pasted, setPasted] = useState('');
  const address = host.trim();
  const accepted = hostKeys.data?.find((k) => k.host === address && k.port === port);
  const shown = scan.data && scan.data.host === address && scan.data.port === port ? scan.data : null;
  const pasteId = `host-key-paste-${label.replace(/\W+/g, '-').toLowerCase()}`;

  if (address === '') {
    return <p className="text-xs text-slate-500">Enter the address to check the host&apos;s SSH key.</p>;
  }

  return (
    <section aria-label={`${label} host key`} className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-medium text-slate-800">
          SSH host key of {address}
          {port !== 22 ? `:${port}` : ''}
        </p>
        {!accepted && (
          <div className="flex gap-2">
            <Button
              size="sm"
              disabled={scan.isPending}
              aria-label={`Show the host key of ${label}`}
              onClick={() => {
                accept.reset();
                scan.mutate({ host: address, port });
              }}
            >
              {scan.isPending ? 'Connecting…' : 'Show host key'}
            </Button>
            <Button size="sm" variant="ghost" aria-expanded={isPasting} onClick={() => setIsPasting((v) => !v)}>
              Paste known_hosts
            </Button>
          </div>
        )}
      </div>

      {accepted ? (
        <p role="status" className="break-all text-emerald-800">
          Accepted: <span className="font-mono text-xs">{accepted.keyType ? `${accepted.keyType} ` : ''}{accepted.fingerprint}</span>. The panel
          logs in to this host only while it presents this key.
        </p>
      ) : (
        <p className="text-xs text-slate-600">
          Not accepted yet: the panel does not log in to a host whose key nobody confirmed, and the apply stops at
          pre-flight until you accept it here or in Settings.
        </p>
      )}

      {!accepted && shown && (
        <div className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-2">
          <p className="text-amber-900">
            {address} presents{' '}
            <span className="font-mono text-xs break-all">
              {shown.keyType ? `${shown.keyType} ` : ''}
              {shown.fingerprint}
            </span>
            . Compare it with <code className="text-xs">ssh-keygen -lf {keyFile(shown.keyType)}</code> run on the
            host itself (or your provider&apos;s console) before you accept it.
          </p>
          <Button
            size="sm"
            variant="primary"
            disabled={accept.isPending}
            aria-label={`Accept the host key of ${label}`}
            onClick={() => accept.mutate({ host: address, port, fingerprint: shown.fingerprint, keyType: shown.keyType })}
          >
            {accept.isPending ? 'Accepting…' : 'Accept this key'}
          </Button>
        </div>
      )}

      {!accepted && isPasting && (
        <div className="space-y-2">
          <label htmlFor={pasteId} className="block text-xs font-medium text-slate-700">
            {label} known_hosts lines
          </label>
          <Textarea
            id={pasteId}
            rows={2}
            spellCheck={false}
            autoComplete="off"
            placeholder={`${address} ssh-ed25519 AAAA…`}
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
          />
          <Button
            size="sm"
            variant="primary"
            disabled={accept.isPending || pasted.trim() === ''}
            onClick={() => accept.mutate({ knownHosts: pasted, hosts: [{ host: address, port }] }, { onSuccess: () => setPasted('') })}
          >
            Accept from known_hosts
          </Button>
        </div>
      )}

      {scan.isError && (
        <Alert tone="error" title="The host key could not be read">
          {errorMessage(scan.error)}
        </Alert>
      )}
      {accept.isError && (
        <Alert tone="error" title="The key was not accepted">
          {errorMessage(accept.error)}
        </Alert>
      )}
      {accept.isSuccess && accept.data.accepted.every((k) => k.host !== address || k.port !== port) && (
        <Alert tone="warning" title={`No key for ${address} in what was pasted`}>
          {[`Accepted: ${accept.data.accepted.map((k) => `${k.host}:${k.port}`).join(', ') || 'none'}`, ...accept.data.skipped].join('; ')}
        </Alert>
      )}
    </section>
  );
}
