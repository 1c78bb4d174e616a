import { formatNumberId } from "../../domain/number-format";
import type { SeriesPoint } from "../../services/stats/report";

/**
 * Charts drawn on the server as SVG, readable without JavaScript: each has a title and a
 * description for screen readers and scales to the screen's width (viewBox), and the page puts its
 * figures in a table beside it. Plain shapes: a bar per row, a line over twelve months.
 */

const WIDTH = 640;
const fmt = (v: number) => formatNumberId(v);

/** Horizontal bars, one per row, of a value from 0 to `max` (100 for a percentage). */
export function BarChart(p: {
  /** Unique on the page: names the title and description for screen readers. */
  chartId: string;
  title: string;
  description: string;
  rows: { label: string; value: number | null }[];
  max: number;
  unit?: string;
}) {
  const titleId = `${p.chartId}-title`;
  const descId = `${p.chartId}-desc`;
  const rowHeight = 22;
  const labelWidth = 190;
  const barSpace = WIDTH - labelWidth - 60;
  const height = p.rows.length * rowHeight + 8;
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={titleId}>{p.title}</title>
      <desc id={descId}>{p.description}</desc>
      {p.rows.map((r, i) => {
        const y = i * rowHeight + 4;
        const width = r.value === null || p.max <= 0 ? 0 : Math.max(0, Math.min(1, r.value / p.max)) * barSpace;
        return (
          <g>
            <text x={labelWidth - 6} y={y + 15} text-anchor="end" font-size="13">
              {r.label.length > 26 ? `${r.label.slice(0, 25)}…` : r.label}
            </text>
            <rect x={labelWidth} y={y + 3} width={width.toFixed(1)} height={rowHeight - 8} fill="#0b5cad" />
            <text x={labelWidth + width + 4} y={y + 15} font-size="13">
              {r.value === null ? "-" : `${fmt(r.value)}${p.unit ?? ""}`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Active KIMs over twelve months as a line, with coverage in the description and the table. */
export function SeriesChart(p: { chartId: string; title: string; description: string; points: SeriesPoint[] }) {
  const titleId = `${p.chartId}-title`;
  const descId = `${p.chartId}-desc`;
  const height = 200;
  const left = 40;
  const bottom = 30;
  const values = p.points.map((q) => q.activeKims ?? 0);
  const max = Math.max(1, ...values);
  const step = (WIDTH - left - 10) / Math.max(1, p.points.length - 1);
  const y = (v: number) => height - bottom - (v / max) * (height - bottom - 10);
  const known = p.points.map((q, i) => ({ q, i })).filter(({ q }) => q.activeKims !== null);
  const path = known
    .map(({ q, i }, n) => `${n === 0 ? "M" : "L"}${(left + i * step).toFixed(1)},${y(q.activeKims ?? 0).toFixed(1)}`)
    .join(" ");
  return (
    <svg class="chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${titleId} ${descId}`}>
      <title id={titleId}>{p.title}</title>
      <desc id={descId}>{p.description}</desc>
      <line x1={left} y1={height - bottom} x2={WIDTH - 10} y2={height - bottom} stroke="#57606a" />
      <text x={left - 6} y={y(max) + 4} text-anchor="end" font-size="12">
        {fmt(max)}
      </text>
      <text x={left - 6} y={height - bottom + 4} text-anchor="end" font-size="12">
        0
      </text>
      {path ? <path d={path} fill="none" stroke="#0b5cad" stroke-width="2" /> : null}
      {known.map(({ q, i }) => (
        <circle cx={(left + i * step).toFixed(1)} cy={y(q.activeKims ?? 0).toFixed(1)} r="3" fill="#0b5cad" />
      ))}
      {p.points.map((q, i) =>
        i % 2 === 0 ? (
          <text x={(left + i * step).toFixed(1)} y={height - 10} text-anchor="middle" font-size="11">
            {q.label.slice(0, 3)} {q.month.slice(2, 4)}
          </text>
        ) : null,
      )}
    </svg>
  );
}
