import type { Metadata } from 'next';
import { ClusterView } from '@/components/cluster/cluster-view';

export const metadata: Metadata = { title: 'Cluster' };

export default async function ClusterPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ClusterView id={id} />;
}
