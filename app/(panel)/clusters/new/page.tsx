import type { Metadata } from 'next';
import { Wizard } from '@/components/wizard/wizard';

export const metadata: Metadata = { title: 'New cluster' };

export default async function NewClusterPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { example } = await searchParams;
  return <Wizard fromExample={example === 'four-node'} />;
}
