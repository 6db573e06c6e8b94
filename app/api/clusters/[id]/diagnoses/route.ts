import { clusterDiagnoses } from '@/lib/clusters/diagnoses';
import { json, route } from '@/lib/http/respond';

/** What is wrong with the live cluster, with what it means and the exact fix (and an action where there is one). */
export const GET = route<{ id: string }>(async (_req, { id }) =>
  json({ diagnoses: await clusterDiagnoses(id) }), { role: 'viewer' });
