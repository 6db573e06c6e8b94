'use client';
import '@xyflow/react/dist/style.css';
import {
  BaseEdge,
  EdgeLabelRenderer,
  getBezierPath,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  type Edge,
  type EdgeProps,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import { useMemo } from 'react';
import { cn } from '@/components/ui/cn';
import {
  COMPACT_LAYOUT,
  describeEdge,
  labelPlacement,
  NODE_HEIGHT,
  NODE_WIDTH,
  topologyGraph,
  type GraphLayout,
  type GraphLive,
  type GraphNode,
  type GraphTopology,
  type HandleId,
  type NodeHealth,
} from './topology-graph.utils';

const COLORS = { logical: '#2563eb', physical: '#7c3aed', broken: '#dc2626' } as const;

type LiveNodeState = GraphLive['nodes'][string];
type TopologyNode = Node<{ node: GraphNode; live?: LiveNodeState }, 'pg'>;
type LiveLinkEdge = Edge<
  { title: string; live: GraphLive['links'][string] | undefined; placement: 'above' | 'below' | 'center' },
  'live'
>;

const HEALTH_BOX: Record<NodeHealth, string> = {
  up: 'border-emerald-400 bg-white',
  recovery: 'border-violet-400 bg-violet-50',
  down: 'border-red-400 bg-red-50',
  unknown: 'border-slate-300 bg-white',
};
const HEALTH_TEXT: Record<NodeHealth, string> = {
  up: 'text-emerald-700',
  recovery: 'text-violet-700',
  down: 'text-red-700',
  unknown: 'text-slate-500',
};
const HEALTH_DOT: Record<NodeHealth, string> = {
  up: 'bg-emerald-500',
  recovery: 'bg-violet-500',
  down: 'bg-red-500',
  unknown: 'bg-slate-300',
};

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
  const { node, live } = data;
  const isStandby = node.roles.includes('standby');
  return (
    <div
      style={{ width: NODE_WIDTH, height: NODE_HEIGHT }}
      title={live?.detail}
      className={cn(
        'flex flex-col justify-center rounded-lg border bg-white px-3 text-left shadow-sm',
        live
          ? cn('border-2', HEALTH_BOX[live.health])
          : isStandby
            ? 'border-violet-300 bg-violet-50'
            : 'border-slate-300',
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
      {live && (
        <div className={cn('flex items-center gap-1.5 truncate text-[11px] font-medium', HEALTH_TEXT[live.health])}>
          <span aria-hidden className={cn('size-2 shrink-0 rounded-full', HEALTH_DOT[live.health])} />
          <span className="truncate">{live.detail}</span>
        </div>
      )}
    </div>
  );
}

const LABEL_SHIFT = { above: 'calc(-100% - 3px)', below: '3px', center: '-50%' } as const;

/** A link with a two-line HTML label: what it carries, then its live lag, or in red why it is broken. */
function LiveEdge({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  style,
  markerEnd,
  data,
}: EdgeProps<LiveLinkEdge>) {
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const live = data?.live;
  return (
    <>
      <BaseEdge id={id} path={path} style={style} markerEnd={markerEnd} />
      <EdgeLabelRenderer>
        <div
          style={{
            transform: `translate(-50%, ${LABEL_SHIFT[data?.placement ?? 'center']}) translate(${labelX}px, ${labelY}px)`,
          }}
          title={live?.text}
          className={cn(
            'nodrag nopan pointer-events-auto absolute max-w-56 rounded border bg-white/95 px-1.5 py-0.5 text-center text-[11px] leading-tight shadow-sm',
            live?.isBroken ? 'border-red-300 text-red-700' : 'border-slate-200 text-slate-700',
          )}
        >
          <div className="truncate font-semibold">{data?.title}</div>
          <div className={cn('line-clamp-2 tabular-nums', live?.isBroken && 'font-medium')}>
            {live ? (live.isBroken ? `broken: ${live.text}` : live.text) : 'no sample yet'}
          </div>
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

const nodeTypes = { pg: PgNode };
const edgeTypes = { live: LiveEdge };

/**
 * The topology as a diagram: logical links (publication → subscription) dashed blue with the publication,
 * physical links (upstream → standby) solid violet with the slot. Read-only. With `live`, nodes are coloured by
 * health and each link carries its lag, or turns red with the reason it is broken.
 */
export function TopologyGraph({
  topology,
  className,
  title = 'Topology diagram',
  live,
  layout = COMPACT_LAYOUT,
}: {
  topology: GraphTopology;
  className?: string;
  title?: string;
  live?: GraphLive;
  layout?: GraphLayout;
}) {
  const graph = useMemo(() => topologyGraph(topology, layout), [topology, layout]);
  const nodes = useMemo<TopologyNode[]>(
    () =>
      graph.nodes.map((n) => ({
        id: n.id,
        type: 'pg',
        position: { x: n.x, y: n.y },
        data: live ? { node: n, live: live.nodes[n.name] ?? { health: 'unknown', detail: 'no sample yet' } } : { node: n },
        draggable: false,
        selectable: false,
      })),
    [graph, live],
  );
  const edges = useMemo<Edge[]>(
    () =>
      graph.edges.map((e) => {
        if (live) {
          const link = live.links[e.id];
          const color = link?.isBroken ? COLORS.broken : COLORS[e.kind];
          const edge: LiveLinkEdge = {
            id: e.id,
            type: 'live',
            source: e.source,
            target: e.target,
            sourceHandle: e.sourceHandle,
            targetHandle: e.targetHandle,
            selectable: false,
            data: { title: e.label, live: link, placement: labelPlacement(e) },
            style: {
              stroke: color,
              strokeWidth: link?.isBroken ? 2.5 : 1.75,
              strokeDasharray: e.kind === 'logical' ? '6 4' : undefined,
            },
            markerEnd: { type: MarkerType.ArrowClosed, color, width: 16, height: 16 },
          };
          return edge;
        }
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
    [graph, live],
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
            edgeTypes={edgeTypes}
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
        {live && (
          <>
            <LegendDot health="up" label="up, primary" />
            <LegendDot health="recovery" label="up, in recovery" />
            <LegendDot health="down" label="down" />
            <span className="inline-flex items-center gap-1.5">
              <svg width="28" height="6" aria-hidden>
                <line x1="0" y1="3" x2="28" y2="3" stroke={COLORS.broken} strokeWidth="2.5" />
              </svg>
              broken link
            </span>
          </>
        )}
      </figcaption>
      {live && (
        <ul className="sr-only" aria-label="Nodes">
          {graph.nodes.map((n) => (
            <li key={n.id}>{`${n.name}: ${live.nodes[n.name]?.detail ?? 'no sample yet'}`}</li>
          ))}
        </ul>
      )}
      <ul className="sr-only" aria-label={live ? 'Links' : undefined}>
        {graph.edges.map((e) => {
          const link = live?.links[e.id];
          const state = !live ? '' : !link ? ': no sample yet' : link.isBroken ? `: broken, ${link.text}` : `: lag ${link.text}`;
          return <li key={e.id}>{`${describeEdge(e)}${state}`}</li>;
        })}
      </ul>
    </figure>
  );
}

function LegendDot({ health, label }: { health: NodeHealth; label: string }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span aria-hidden className={cn('size-2.5 rounded-full', HEALTH_DOT[health])} />
      {label}
    </span>
  );
}
