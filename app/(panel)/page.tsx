import { ClusterList } from '@/components/cluster/cluster-list';
import { ButtonLink } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';

export default function HomePage() {
  return (
    <>
      <PageHeader
        title="Clusters"
        subtitle="PostgreSQL replication topologies built by this panel."
        actions={
          <ButtonLink href="/clusters/new" variant="primary">
            New cluster
          </ButtonLink>
        }
      />
      <ClusterList />
    </>
  );
}
