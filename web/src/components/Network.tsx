/** The co-mention network: cytoscape.js (loaded only by the pages that show one); a click opens the node. */
import cytoscape from 'cytoscape';
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { EntityLink, entityPath } from './ui';

interface Node { __typename: 'Person' | 'Organization'; id: string; slug: string; name: string; count: number }

export default function Network({ center, nodes }: { center: { id: string; name: string }; nodes: Node[] }) {
  const box = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  useEffect(() => {
    if (!box.current) return;
    const cy = cytoscape({
      container: box.current,
      elements: [
        { data: { id: center.id, label: center.name, kind: 'center' } },
        ...nodes.map((n) => ({ data: { id: n.id, label: n.name, kind: n.__typename, path: entityPath(n), count: n.count } })),
        ...nodes.map((n) => ({ data: { id: `e-${n.id}`, source: center.id, target: n.id, count: n.count } })),
      ],
      style: [
        // Labels wrap under their node on a light backing, so names on the ring don't run into each other.
        {
          selector: 'node',
          style: {
            label: 'data(label)', 'font-size': 9, 'background-color': '#2b6cb0', width: 14, height: 14, color: '#1a202c',
            'text-wrap': 'wrap', 'text-max-width': '90px', 'text-valign': 'bottom', 'text-margin-y': 3,
            'text-background-color': '#ffffff', 'text-background-opacity': 0.85, 'text-background-padding': '1px',
          },
        },
        { selector: 'node[kind = "Organization"]', style: { 'background-color': '#b7791f', shape: 'round-rectangle' } },
        { selector: 'node[kind = "center"]', style: { 'background-color': '#c53030', width: 22, height: 22 } },
        { selector: 'edge', style: { width: 'mapData(count, 1, 10, 1, 6)', 'line-color': '#cbd5e0' } },
      ],
      // A star: the entity in the middle, the others on rings around it, the most co-mentioned on
      // the inner ring (a force layout piled the names of a star on top of each other).
      layout: {
        name: 'concentric',
        animate: false,
        concentric: (n) => (n.data('kind') === 'center' ? 1_000 : Number(n.data('count') ?? 0)),
        levelWidth: () => Math.max(1, ...nodes.map((n) => n.count)) / 2,
        minNodeSpacing: 30,
        avoidOverlap: true,
      },
    });
    cy.on('tap', 'node', (e) => {
      const path = e.target.data('path') as string | undefined;
      if (path) void navigate(path);
    });
    return () => cy.destroy();
  }, [center.id, center.name, nodes, navigate]);
  return (
    <figure className="network">
      <div ref={box} className="network-canvas" role="img" aria-label={`Network of people and organizations co-mentioned with ${center.name}`} />
      <figcaption>
        <ul className="inline">{nodes.map((n) => <li key={n.id}><EntityLink e={n} /> ({n.count})</li>)}</ul>
      </figcaption>
    </figure>
  );
}
