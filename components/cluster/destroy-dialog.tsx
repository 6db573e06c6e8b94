'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { errorMessage } from '@/lib/queries/fetch-json';
import { useClusterDestroyMutation } from '@/lib/queries/cluster-destroy-mutation';
import { destroyClusterAction } from '@/app/(panel)/clusters/[id]/actions';

/** Destroy with a typed confirmation: the user types the cluster's name. */
export function DestroyDialog({
  open,
  onClose,
  clusterId,
  name,
}: {
  open: boolean;
  onClose: () => void;
  clusterId: string;
  name: string;
}) {
  const router = useRouter();
  const [typed, setTyped] = useState('');
  const destroy = useClusterDestroyMutation(clusterId, destroyClusterAction);
  const matches = typed === name;

  function handleClose() {
    setTyped('');
    onClose();
  }

  return (
    <Dialog
      open={open}
      onClose={handleClose}
      title={`Destroy ${name}?`}
      description="Stops every node of this cluster and deletes its data directories. This cannot be undone."
      className="w-[min(32rem,calc(100vw-2rem))]"
    >
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (matches) destroy.mutate(undefined, { onSuccess: ({ jobId }) => router.push(`/jobs/${jobId}`) });
        }}
      >
        <Field
          id="destroy-confirm"
          label={
            <>
              Type <strong className="font-mono">{name}</strong> to confirm
            </>
          }
        >
          {(p) => (
            <Input {...p} value={typed} autoComplete="off" onChange={(e) => setTyped(e.target.value)} />
          )}
        </Field>
        {destroy.isError && (
          <Alert tone="error" title="The cluster could not be destroyed">
            {errorMessage(destroy.error)}
          </Alert>
        )}
        <div className="flex justify-end gap-2">
          <Button onClick={handleClose}>Keep it</Button>
          <Button
            type="submit"
            variant="danger"
            disabled={!matches || destroy.isPending || destroy.isSuccess}
          >
            {destroy.isPending || destroy.isSuccess ? 'Destroying…' : 'Destroy cluster'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
