import { ButtonLink } from '@/components/ui/button';
import { ErrorState } from '@/components/ui/error-state';

export default function NotFound() {
  return (
    <ErrorState
      title="Page not found"
      message="There is nothing at this address."
      action={<ButtonLink href="/">Back to clusters</ButtonLink>}
    />
  );
}
