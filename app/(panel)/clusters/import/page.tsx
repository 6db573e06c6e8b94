import type { Metadata } from 'next';
import { ImportForm } from '@/components/import/import-form';

export const metadata: Metadata = { title: 'Add existing servers' };

export default function ImportClusterPage() {
  return <ImportForm />;
}
