'use client';
import { logoutAction } from '@/app/(panel)/actions';
import { Button } from '@/components/ui/button';
import { useLogoutMutation } from '@/lib/queries/logout-mutation';

/** Ends the session, then loads the login page afresh. */
export function LogoutButton() {
  const logout = useLogoutMutation(logoutAction);
  return (
    <Button
      variant="ghost"
      size="sm"
      disabled={logout.isPending || logout.isSuccess}
      title={logout.isError ? 'The panel did not answer: the session is still open' : undefined}
      onClick={() =>
        logout.mutate(undefined, {
          // A full load on purpose: the router and query caches of the ended session must not survive.
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination
          onSuccess: () => window.location.assign('/login'),
        })
      }
    >
      {logout.isPending || logout.isSuccess
        ? 'Logging out…'
        : logout.isError
          ? 'Log out failed: retry'
          : 'Log out'}
    </Button>
  );
}
