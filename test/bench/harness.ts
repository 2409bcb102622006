import fs from 'node:fs';
import path from 'node:path';

/** One line of the results table: a figure, the baseline measured in the same run, and the target. */
export interface Figure {
  benchmark: string;
  metric: string;
  value: number;
  unit: string;
  /** What the same work costs done the plainest way, measured in this run. */
  baseline?: { label: string; value: number };
  /** e.g. "≥ 25% of baseline", "≤ 100 ms". */
  target?: string;
  /** Whether the target is met; undefined when there is no target. */
  met?: boolean;
  note?: string;
}

const figures: Figure[] = [];

export function record(f: Figure): void {
  figures.push(f);
  const ratio = f.baseline ? ` (${ratioText(f)} of ${f.baseline.label} ${fmt(f.baseline.value)})` : '';
  console.log(
    `  ${f.benchmark} · ${f.metric}: ${fmt(f.value)} ${f.unit}${ratio}${f.target ? ` — target ${f.target}: ${f.met ? 'met' : 'MISSED'}` : ''}`,
  );
}

const pct = (r: number) => `${(r * 100).toFixed(0)}%`;
const ratioText = (f: Figure) => (f.baseline && f.baseline.value > 0 ? pct(f.value / f.baseline.value) : '—');
const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));

/** The q-th percentile (0–1) of numbers, nearest-rank. */
export function percentile(values: number[], q: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Writes results/latest.md (the table) and results/latest.json. */
export function writeResults(meta: Record<string, string>): string {
  const dir = path.resolve(process.cwd(), 'test/bench/results');
  fs.mkdirSync(dir, { recursive: true });
  const rows = figures.map((f) => {
    const ratio = f.baseline ? ratioText(f) : '';
    const base = f.baseline ? `${fmt(f.baseline.value)} (${f.baseline.label})` : '';
    const verdict = f.target === undefined ? '' : f.met ? `met (${f.target})` : `**missed** (${f.target})`;
    return `| ${f.benchmark} | ${f.metric} | ${fmt(f.value)} ${f.unit} | ${base} | ${ratio} | ${verdict} | ${f.note ?? ''} |`;
  });
  const md = [
    '# Vigil benchmark results',
    '',
    ...Object.entries(meta).map(([k, v]) => `- ${k}: ${v}`),
    '',
    '| benchmark | metric | value | baseline (same run) | ratio | target | note |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'latest.md'), md);
  fs.writeFileSync(path.join(dir, 'latest.json'), JSON.stringify({ meta, figures }, null, 2));
  return md;
}
