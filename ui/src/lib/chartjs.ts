// Chart.js, loaded on first use and registered once: it is the largest part of the page's script,
// and the first page paints without it.

export type ChartJs = typeof import("chart.js").Chart;

let loading: Promise<ChartJs> | null = null;

export function chartJs(): Promise<ChartJs> {
  loading ??= import("chart.js").then((m) => {
    m.Chart.register(
      m.BarController,
      m.BarElement,
      m.CategoryScale,
      m.LinearScale,
      m.LineController,
      m.LineElement,
      m.PointElement,
      m.Tooltip,
      m.Legend,
    );
    return m.Chart;
  });
  return loading;
}
