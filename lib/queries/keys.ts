/** Query keys, one factory for the whole client so invalidation stays consistent. */
export const keys = {
  clusters: () => ['clusters'] as const,
  cluster: (id: string) => ['clusters', id] as const,
  rows: (clusterId: string, table: string) => ['clusters', clusterId, 'rows', table] as const,
  clusterStatus: (id: string) => ['clusters', id, 'status'] as const,
  clusterMetrics: (id: string, windowMs: number) => ['clusters', id, 'metrics', windowMs] as const,
  clusterMonitoring: (id: string) => ['clusters', id, 'monitoring'] as const,
  clusterDrift: (id: string) => ['clusters', id, 'drift'] as const,
  clusterRetired: (id: string) => ['clusters', id, 'retired'] as const,
  clusterReconcilePlan: (id: string) => ['clusters', id, 'reconcile-plan'] as const,
  clusterDiagnoses: (id: string) => ['clusters', id, 'diagnoses'] as const,
  job: (id: string) => ['jobs', id] as const,
  jobLog: (id: string) => ['jobs', id, 'log'] as const,
  authStatus: () => ['auth', 'status'] as const,
  tokens: () => ['settings', 'tokens'] as const,
  credentials: () => ['settings', 'credentials'] as const,
  hostKeys: () => ['settings', 'host-keys'] as const,
};
