/** The mention timeline: a uPlot bar chart (loaded only by the pages that show one), with a table for screen readers. */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const DAY = 86_400;

/** [min, max] seconds for bucket starts `xs`: half the smallest gap (or half a month) past each end. */
function xRange(xs: number[]): [number, number] {
  const gaps = xs.slice(1).map((x, i) => x - xs[i]).filter((g) => g > 0);
  const pad = (gaps.length ? Math.min(...gaps) : 30 * DAY) / 2;
  return [Math.min(...xs) - pad, Math.max(...xs) + pad];
}

export default function Timeline({ buckets }: { buckets: { start: string; count: number }[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = buckets.map((b) => Date.parse(b.start) / 1000);
    const ys = buckets.map((b) => b.count);
    const plot = new uPlot({
      width: Math.max(200, el.clientWidth),
      height: 180,
      series: [{}, { label: 'Articles', stroke: '#2b6cb0', fill: 'rgba(43,108,176,0.3)', paths: uPlot.paths.bars!({ size: [0.6, 40] }) }],
      // The axis spans the buckets, half a bucket either side: left to itself, uPlot stretched one
      // bucket over years.
      scales: { x: { time: true, range: () => xRange(xs) }, y: { range: [0, Math.max(...ys) + 1] } },
      legend: { show: false },
    }, [xs, ys], el);
    const resize = () => plot.setSize({ width: Math.max(200, el.clientWidth), height: 180 });
    window.addEventListener('resize', resize);
    return () => { window.removeEventListener('resize', resize); plot.destroy(); };
  }, [buckets]);
  return (
    <figure className="timeline">
      <div ref={box} aria-hidden="true" />
      <table className="sr-only"><caption>Articles per period</caption><tbody>
        {buckets.map((b) => <tr key={b.start}><th scope="row">{b.start.slice(0, 10)}</th><td>{b.count}</td></tr>)}
      </tbody></table>
    </figure>
  );
}
