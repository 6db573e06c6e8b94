import { ButtonLink } from '@/components/ui/button';
import { ErrorState } from '@/components/ui/error-state';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8">
      <ErrorState
        title="Page not found"
        message="There is nothing at this address."
        action={<ButtonLink href="/">Back to clusters</ButtonLink>}
      />
    </main>
  );
}
