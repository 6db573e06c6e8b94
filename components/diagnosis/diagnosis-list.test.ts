import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FailedStepPanel } from '@/components/job/failed-step-panel';
import type { JobStep } from '@/lib/queries/types';

const step = (error: JobStep['error']): JobStep => ({
  id: 'vm4:clone-standby',
  node: 'vm4',
  kind: 'clone-standby',
  summary: 'clone vm4 from vm3',
  commands: [],
  status: 'failed',
  startedAt: null,
  finishedAt: null,
  error,
  result: null,
});

describe('failed step panel diagnoses', () => {
  it('explains the error under the step, commands in monospace with a copy button', () => {
    const html = renderToStaticMarkup(
      createElement(FailedStepPanel, {
        step: step({
          message: 'pg_basebackup failed (exit 1)',
          exitCode: 1,
          stderr:
            'pg_basebackup: error: connection to server at "10.0.0.3", port 5432 failed: FATAL:  no pg_hba.conf entry for replication connection from host "10.0.0.4", user "replicator", no encryption',
        }),
        actions: null,
      }),
    );
    expect(html).toContain('What this means and how to fix it');
    expect(html).toContain('pg_hba.conf refuses replicator from 10.0.0.4');
    expect(html).toContain(
      '<code class="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs break-all text-slate-900">host replication replicator 10.0.0.4/32 scram-sha-256</code>',
    );
    expect(html).toContain('aria-label="Copy: SELECT pg_reload_conf();"');
  });

  it('shows no diagnosis section for an error the catalogue does not know', () => {
    const html = renderToStaticMarkup(
      createElement(FailedStepPanel, { step: step({ message: 'division by zero' }), actions: null }),
    );
    expect(html).not.toContain('What this means');
  });
});
