/** Numbers as people read them in a table: 3 significant digits, thousands separated. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1000) return Math.round(v).toLocaleString('en-US');
  if (abs >= 100) return v.toFixed(0);
  if (abs >= 10) return v.toFixed(1);
  if (abs >= 1) return v.toFixed(2);
  if (abs === 0) return '0';
  return v.toPrecision(2);
}

/** `12.3 ms`, `3.1×`, `45 %` — no space before `×`. */
export function withUnit(v: number, unit: string): string {
  const n = formatNumber(v);
  if (unit === '') return n;
  if (unit === '×') return `${n}×`;
  return `${n} ${unit}`;
}
