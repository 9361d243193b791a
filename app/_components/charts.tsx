/**
 * Server-rendered SVG charts. Every bar and point carries its number as text, so nothing depends on colour,
 * and the same numbers follow as a table.
 */
/** percent is null when there is nothing to measure (no applicable items): shown as text, not as 0 % or 100 %. */
type Bar = { label: string; percent: number | null; detail: string };

export function BarChart({ id, title, bars }: { id: string; title: string; bars: Bar[] }) {
  const rowHeight = 26;
  const labelWidth = 300;
  const barWidth = 300;
  const height = bars.length * rowHeight + 8;
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg viewBox={`0 0 ${labelWidth + barWidth + 260} ${height}`} role="img" aria-labelledby={`${id}-title`} className="chart-svg">
        {bars.map((b, i) => {
          const y = i * rowHeight + 4;
          const w = Math.max(0, Math.min(100, b.percent ?? 0)) * (barWidth / 100);
          return (
            <g key={b.label}>
              <text x={labelWidth - 8} y={y + 15} textAnchor="end" fontSize="12" fill="#1f2328">
                {b.label.length > 38 ? `${b.label.slice(0, 37)}…` : b.label}
              </text>
              <rect x={labelWidth} y={y + 3} width={barWidth} height={16} fill="#eef1f4" stroke="#c4c9ce" />
              <rect x={labelWidth} y={y + 3} width={w} height={16} fill="#1d5fbf" />
              <text x={labelWidth + barWidth + 8} y={y + 15} fontSize="12" fill="#1f2328">
                {b.percent === null ? b.detail : `${b.percent} % (${b.detail})`}
              </text>
            </g>
          );
        })}
      </svg>
      <details>
        <summary>{title}: numbers as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Percent</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.label}>
                <td>{b.label}</td>
                <td>{b.percent === null ? '—' : `${b.percent} %`}</td>
                <td>{b.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

type Point = { day: string; percent: number; done: number };

export function LineChart({ id, title, points }: { id: string; title: string; points: Point[] }) {
  const width = 640;
  const height = 200;
  const pad = { left: 44, right: 16, top: 12, bottom: 28 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const x = (i: number) => pad.left + (points.length <= 1 ? innerW / 2 : (i / (points.length - 1)) * innerW);
  const y = (p: number) => pad.top + innerH - (p / 100) * innerH;
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {points.length === 0 ? (
        <p className="muted">No status changes yet.</p>
      ) : points.length === 1 ? (
        // One point draws no line: say what there is, and that the trend starts with the next day of work.
        <p className="muted">
          Only one day of data so far ({points[0]!.day}: {points[0]!.percent} %, {points[0]!.done} item{points[0]!.done === 1 ? '' : 's'} done). The trend appears after work on a
          second day.
        </p>
      ) : (
        <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title`} className="chart-svg">
          {[0, 50, 100].map((tick) => (
            <g key={tick}>
              <line x1={pad.left} x2={width - pad.right} y1={y(tick)} y2={y(tick)} stroke="#d0d7de" strokeDasharray="3 3" />
              <text x={pad.left - 6} y={y(tick) + 4} textAnchor="end" fontSize="11" fill="#1f2328">
                {tick} %
              </text>
            </g>
          ))}
          <polyline points={points.map((p, i) => `${x(i)},${y(p.percent)}`).join(' ')} fill="none" stroke="#1d5fbf" strokeWidth="2" />
          {points.map((p, i) => (
            <g key={p.day}>
              <rect x={x(i) - 3.5} y={y(p.percent) - 3.5} width="7" height="7" fill="#1d5fbf" />
              {(i === 0 || i === points.length - 1 || points.length <= 8) && (
                <text x={x(i)} y={Math.max(10, y(p.percent) - 8)} textAnchor="middle" fontSize="11" fill="#1f2328">
                  {p.percent} %
                </text>
              )}
            </g>
          ))}
          <text x={pad.left} y={height - 8} fontSize="11" fill="#1f2328">
            {points[0]!.day}
          </text>
          <text x={width - pad.right} y={height - 8} textAnchor="end" fontSize="11" fill="#1f2328">
            {points.at(-1)!.day}
          </text>
        </svg>
      )}
      {points.length > 0 && (
        <details>
          <summary>{title}: numbers as a table</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Items done</th>
                <th scope="col">Readiness</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.day}>
                  <td>{p.day}</td>
                  <td>{p.done}</td>
                  <td>{p.percent} %</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}
