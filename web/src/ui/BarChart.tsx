import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useId, useRef } from 'react';

// Only what a bar chart needs, so the bundle carries no other chart types.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/**
 * A small bar chart with its numbers as a table for screen readers (the canvas itself is an image
 * named by the caption). Colours come from the theme's CSS variables.
 */
export function BarChart({ title, labels, values, valueLabel }: { title: string; labels: string[]; values: number[]; valueLabel: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const id = useId();
  useEffect(() => {
    if (!canvas.current) return;
    const style = getComputedStyle(canvas.current);
    const accent = style.getPropertyValue('--accent').trim() || '#2563eb';
    const muted = style.getPropertyValue('--muted').trim() || '#6b7280';
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels, datasets: [{ label: valueLabel, data: values, backgroundColor: accent, borderRadius: 3 }] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: {
          x: { ticks: { color: muted, autoSkip: true, maxRotation: 0 }, grid: { display: false } },
          y: { beginAtZero: true, ticks: { color: muted, precision: 0 } },
        },
      },
    });
    return () => chart.destroy();
  }, [labels, values, valueLabel]);
  return (
    <figure className="bar-chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <div className="bar-chart-canvas">
        <canvas ref={canvas} role="img" aria-labelledby={`${id}-title`} />
      </div>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <tbody>
          {labels.map((l, i) => (
            <tr key={l}>
              <th scope="row">{l}</th>
              <td>{values[i]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
