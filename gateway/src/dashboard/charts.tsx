/** @jsxImportSource hono/jsx */

/**
 * Charts drawn on the server as inline SVG: no script, nothing from a CDN, allowed by the
 * dashboard's Content-Security-Policy (presentation attributes, classes from dashboard.css). The
 * SVG scales to its container's width through its viewBox, so it reads at phone widths too.
 */

/** One bar of a bar chart: its x label, its height, a part of it drawn as errors. */
export interface Bar {
  label: string;
  value: number;
  /** Drawn over the bottom of the bar in the error colour. */
  part?: number;
  /** A second series drawn as a line on its own axis (cost). */
  line?: number;
  /** The tooltip. */
  title: string;
}

const W = 720;
const H = 220;
const PAD = { left: 44, right: 56, top: 12, bottom: 30 };

/** Bars (calls, errors over them) with an optional line (cost) on a right-hand axis. */
export function BarChart(props: {
  bars: Bar[];
  testid?: string;
  label: string;
  lineLabel?: string;
  formatLine?: (n: number) => string;
}) {
  const { bars } = props;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const top = niceCeiling(Math.max(1, ...bars.map((b) => b.value)));
  const lineTop = niceCeiling(Math.max(0, ...bars.map((b) => b.line ?? 0)));
  const slot = plotW / Math.max(1, bars.length);
  const barW = Math.max(1, Math.min(40, slot * 0.7));
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const yLine = (v: number) => PAD.top + plotH - (lineTop > 0 ? (v / lineTop) * plotH : 0);
  const x = (i: number) => PAD.left + slot * i + slot / 2;
  const every = Math.max(1, Math.ceil(bars.length / 8));
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const hasLine = props.lineLabel !== undefined && bars.some((b) => b.line !== undefined);
  const points = bars.map((b, i) => `${x(i).toFixed(1)},${yLine(b.line ?? 0).toFixed(1)}`);
  return (
    <figure class="chart" data-testid={props.testid}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={props.label}
        preserveAspectRatio="xMidYMid meet"
      >
        {ticks.map((t) => (
          <g>
            <line class="grid" x1={PAD.left} x2={W - PAD.right} y1={y(top * t)} y2={y(top * t)} />
            <text class="axis" x={PAD.left - 6} y={y(top * t) + 4} text-anchor="end">
              {short(top * t)}
            </text>
            {hasLine ? (
              <text class="axis" x={W - PAD.right + 6} y={y(top * t) + 4}>
                {(props.formatLine ?? short)(lineTop * t)}
              </text>
            ) : null}
          </g>
        ))}
        {bars.map((b, i) => (
          <g data-bar={b.label}>
            <title>{b.title}</title>
            {b.value > 0 ? (
              <rect
                class="bar"
                x={x(i) - barW / 2}
                y={y(b.value)}
                width={barW}
                height={Math.max(1, y(0) - y(b.value))}
                rx="2"
              />
            ) : null}
            {b.part ? (
              <rect
                class="bar-part"
                x={x(i) - barW / 2}
                y={y(b.part)}
                width={barW}
                height={Math.max(1, y(0) - y(b.part))}
              />
            ) : null}
            {i % every === 0 ? (
              <text class="axis" x={x(i)} y={H - PAD.bottom + 16} text-anchor="middle">
                {b.label}
              </text>
            ) : null}
          </g>
        ))}
        {hasLine ? <polyline class="line" points={points.join(" ")} /> : null}
      </svg>
      <figcaption class="muted">
        <span class="key bar"></span> {props.label}
        {bars.some((b) => b.part) ? (
          <>
            {" "}
            <span class="key bar-part"></span> errors
          </>
        ) : null}
        {hasLine ? (
          <>
            {" "}
            <span class="key line"></span> {props.lineLabel}
          </>
        ) : null}
      </figcaption>
    </figure>
  );
}

/** One row of a timeline: a label and a span of time, or none yet. */
export interface Span {
  label: string;
  state: string;
  /** Epoch ms; undefined: not started. */
  start?: number;
  end?: number;
  title: string;
}

/** Horizontal bars on a shared time axis, one row per span (a run's steps). */
export function Timeline(props: { spans: Span[]; from: number; to: number; testid?: string }) {
  const row = 26;
  const labelW = 150;
  const plotW = W - labelW - 16;
  const height = props.spans.length * row + 24;
  const range = Math.max(1, props.to - props.from);
  const x = (t: number) => labelW + ((t - props.from) / range) * plotW;
  return (
    <figure class="chart" data-testid={props.testid}>
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-label="Steps on a timeline">
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <g>
            <line
              class="grid"
              x1={labelW + plotW * t}
              x2={labelW + plotW * t}
              y1={0}
              y2={height - 20}
            />
            <text
              class="axis"
              x={labelW + plotW * t}
              y={height - 6}
              text-anchor={t === 0 ? "start" : t === 1 ? "end" : "middle"}
            >
              {duration(range * t)}
            </text>
          </g>
        ))}
        {props.spans.map((s, i) => (
          <g data-span={s.label} data-state={s.state}>
            <title>{s.title}</title>
            <text class="label" x={0} y={i * row + 17}>
              {s.label.length > 20 ? `${s.label.slice(0, 19)}…` : s.label}
            </text>
            {s.start !== undefined ? (
              <rect
                class={`span ${s.state}`}
                x={x(s.start)}
                y={i * row + 5}
                width={Math.max(3, x(s.end ?? props.to) - x(s.start))}
                height={row - 10}
                rx="3"
              />
            ) : null}
          </g>
        ))}
      </svg>
    </figure>
  );
}

/** A duration for people: 850 ms, 3.2 s, 4 min 05 s. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60)
    return `${minutes} min ${String(Math.round((ms % 60_000) / 1000)).padStart(2, "0")} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** The smallest 1, 2 or 5 × 10^n at or above v. */
function niceCeiling(v: number): number {
  if (v <= 0) return 0;
  const power = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * power >= v) return m * power;
  return 10 * power;
}

function short(v: number): string {
  if (v >= 1_000_000) return `${+(v / 1_000_000).toFixed(1)}M`;
  if (v >= 1000) return `${+(v / 1000).toFixed(1)}k`;
  return `${+v.toFixed(v < 1 && v > 0 ? 3 : 1)}`;
}
