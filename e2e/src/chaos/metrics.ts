// A service's Prometheus /metrics, read the way an operator's scraper would: what the fault tests count on the
// services' side (PubAcks a connector received, streams it owns, Zoom calls zoom-api made).

/** Sum of a metric's samples whose labels include every one of `labels` (NaN when the metric is absent). */
export async function scrapeMetric(
  url: string,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let sum = Number.NaN;
  for (const line of text.split('\n')) {
    const sample = parseSample(line);
    if (sample?.name !== name) continue;
    if (!Object.entries(labels).every(([k, v]) => sample.labels[k] === v)) continue;
    sum = (Number.isNaN(sum) ? 0 : sum) + sample.value;
  }
  return sum;
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** One sample line of the text format: `name{a="x",b="y"} 12`; comments and blank lines give undefined. */
function parseSample(line: string): Sample | undefined {
  const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
  if (!m) return undefined;
  const labels: Record<string, string> = {};
  for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1] ?? ''] = l[2] ?? '';
  return { name: m[1] ?? '', labels, value: Number(m[3]) };
}
