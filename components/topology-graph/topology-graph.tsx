'use client';
import '@xyflow/react/dist/style.css';
import { Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import { useMemo } from 'react';
import { cn } from '@/components/ui/cn';
import {
  describeEdge,
  NODE_HEIGHT,
  NODE_WIDTH,
  topologyGraph,
  type GraphNode,
  type GraphTopology,
  type HandleId,
} from './topology-graph.utils';

const COLORS = { logical: '#2563eb', physical: '#7c3aed' } as const;

type TopologyNode = Node<{ node: GraphNode }, 'pg'>;

const HANDLES: Array<{ id: HandleId; type: 'source' | 'target'; position: Position; top?: string }> = [
  { id: 'top-s', type: 'source', position: Position.Top },
  { id: 'top-t', type: 'target', position: Position.Top },
  { id: 'bottom-s', type: 'source', position: Position.Bottom },
  { id: 'bottom-t', type: 'target', position: Position.Bottom },
  { id: 'right-s', type: 'source', position: Position.Right, top: '30%' },
  { id: 'left-t', type: 'target', position: Position.Left, top: '30%' },
  { id: 'left-s', type: 'source', position: Position.Left, top: '70%' },
  { id: 'right-t', type: 'target', position: Position.Right, top: '70%' },
];

function PgNode({ data }: NodeProps<TopologyNode>) {
  const { node } = data;
  const isStandby = node.roles.includes('standby');
  return (
    <div
      style={{ width: NODE_WIDTH, height: NODE_HEIGHT }}
      className={cn(
        'flex flex-col justify-center rounded-lg border bg-white px-3 text-left shadow-sm',
        isStandby ? 'border-violet-300 bg-violet-50' : 'border-slate-300',
      )}
    >
      {HANDLES.map((h) => (
        <Handle
          key={h.id}
          id={h.id}
          type={h.type}
          position={h.position}
          isConnectable={false}
          className="!size-1 !min-h-0 !min-w-0 !border-0 !bg-transparent"
          style={h.top ? { top: h.top } : undefined}
        />
      ))}
      <div className="flex items-baseline justify-between gap-2">
        <span className="truncate font-semibold text-slate-900">{node.name}</span>
        {node.port !== null && <span className="font-mono text-[11px] text-slate-500">:{node.port}</span>}
      </div>
      <div className="truncate text-[11px] text-slate-600">
        {node.roles.length ? node.roles.join(' · ') : 'no replication'}
      </div>
    </div>
  );
}

const nodeTypes = { pg: PgNode };

/**
 * The topology as a diagram: logical links (publication → subscription) dashed blue with the publication,
 * physical links (upstream → standby) solid violet with the slot. Read-only.
 */
export function TopologyGraph({
  topology,
  className,
  title = 'Topology diagram',
}: {
  topology: GraphTopology;
  className?: string;
  title?: string;
}) {
  const graph = useMemo(() => topologyGraph(topology), [topology]);
  const nodes = useMemo<TopologyNode[]>(
    () =>
      graph.nodes.map((n) => ({
        id: n.id,
        type: 'pg',
        position: { x: n.x, y: n.y },
        data: { node: n },
        draggable: false,
        selectable: false,
      })),
    [graph],
  );
  const edges = useMemo<Edge[]>(
    () =>
      graph.edges.map((e) => {
        const color = COLORS[e.kind];
        return {
          id: e.id,
          source: e.source,
          target: e.target,
          sourceHandle: e.sourceHandle,
          targetHandle: e.targetHandle,
          label: e.label,
          selectable: false,
          style: {
            stroke: color,
            strokeWidth: 1.75,
            strokeDasharray: e.kind === 'logical' ? '6 4' : undefined,
          },
          markerEnd: { type: MarkerType.ArrowClosed, color, width: 16, height: 16 },
          labelStyle: { fill: color, fontSize: 11, fontWeight: 600 },
          labelBgStyle: { fill: '#ffffff', fillOpacity: 0.92 },
          labelBgPadding: [4, 2] as [number, number],
          labelBgBorderRadius: 4,
        };
      }),
    [graph],
  );
  // Re-fit whenever the set of nodes or their rows change.
  const layoutKey = graph.nodes.map((n) => `${n.id}@${n.x},${n.y}`).join('|');

  return (
    <figure className={cn('flex flex-col', className)} aria-label={title}>
      <div className="min-h-0 flex-1 rounded-md border border-slate-200 bg-slate-50/60" aria-hidden>
        {nodes.length === 0 ? (
          <div className="grid h-full place-items-center text-sm text-slate-500">
            Add nodes to see the diagram
          </div>
        ) : (
          <ReactFlow
            key={layoutKey}
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            fitView
            fitViewOptions={{ padding: 0.15 }}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            zoomOnScroll={false}
            zoomOnDoubleClick={false}
            panOnDrag={false}
            preventScrolling={false}
            minZoom={0.3}
            maxZoom={1.25}
            proOptions={{ hideAttribution: false }}
          />
        )}
      </div>
      <figcaption className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600">
        <span className="inline-flex items-center gap-1.5">
          <svg width="28" height="6" aria-hidden>
            <line
              x1="0"
              y1="3"
              x2="28"
              y2="3"
              stroke={COLORS.logical}
              strokeWidth="2"
              strokeDasharray="5 3"
            />
          </svg>
          logical (publication → subscription)
        </span>
        <span className="inline-flex items-center gap-1.5">
          <svg width="28" height="6" aria-hidden>
            <line x1="0" y1="3" x2="28" y2="3" stroke={COLORS.physical} strokeWidth="2" />
          </svg>
          physical (upstream → standby, slot)
        </span>
      </figcaption>
      <ul className="sr-only">
        {graph.edges.map((e) => (
          <li key={e.id}>{describeEdge(e)}</li>
        ))}
      </ul>
    </figure>
  );
}
