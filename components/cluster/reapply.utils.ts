import type { TopologyInput } from '@/lib/topology/schema';

/** The edited topology as JSON; the server validates its fields (every problem with its path). */
export function parseTopologyText(text: string): { ok: true; topology: TopologyInput } | { ok: false; error: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, error: 'the topology must be a JSON object' };
    return { ok: true, topology: value as TopologyInput };
  } catch (err) {
    return { ok: false, error: `not valid JSON: ${(err as Error).message}` };
  }
}
