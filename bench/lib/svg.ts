/** A tiny SVG chart helper: horizontal bars with an optional target line. No dependencies. */
export interface Bar {
	label: string;
	value: number;
	/** Drawn as a thin line inside the bar, e.g. a p99 beside a median. */
	secondary?: number;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function barChart(options: {
	title: string;
	unit: string;
	bars: Bar[];
	target?: { value: number; label: string };
	secondaryLabel?: string;
}): string {
	const { title, unit, bars, target } = options;
	const labelWidth = 260;
	const chartWidth = 460;
	const rowHeight = 26;
	const top = 40;
	const height = top + bars.length * rowHeight + 40;
	const max = Math.max(...bars.map((b) => Math.max(b.value, b.secondary ?? 0)), target?.value ?? 0) * 1.1 || 1;
	const x = (v: number) => labelWidth + (v / max) * chartWidth;
	const rows = bars
		.map((bar, i) => {
			const y = top + i * rowHeight;
			const secondary =
				bar.secondary === undefined
					? ''
					: `<line x1="${x(bar.secondary).toFixed(1)}" x2="${x(bar.secondary).toFixed(1)}" y1="${y + 2}" y2="${y + rowHeight - 6}" stroke="#c0392b" stroke-width="2"/>`;
			return (
				`<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end" font-size="12">${escape(bar.label)}</text>` +
				`<rect x="${labelWidth}" y="${y + 4}" width="${Math.max(1, x(bar.value) - labelWidth).toFixed(1)}" height="${rowHeight - 12}" fill="#3b7dd8"/>` +
				secondary +
				`<text x="${(x(bar.value) + 4).toFixed(1)}" y="${y + 15}" font-size="11">${bar.value.toFixed(3)}${escape(unit)}</text>`
			);
		})
		.join('\n');
	const targetLine = target
		? `<line x1="${x(target.value).toFixed(1)}" x2="${x(target.value).toFixed(1)}" y1="${top - 4}" y2="${top + bars.length * rowHeight}" stroke="#27ae60" stroke-dasharray="4 3"/>` +
			`<text x="${x(target.value).toFixed(1)}" y="${top + bars.length * rowHeight + 14}" font-size="11" fill="#27ae60" text-anchor="middle">${escape(target.label)}</text>`
		: '';
	const legend = options.secondaryLabel
		? `<text x="${labelWidth}" y="${height - 8}" font-size="11" fill="#c0392b">red tick: ${escape(options.secondaryLabel)}</text>`
		: '';
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + chartWidth + 90}" height="${height}" font-family="sans-serif">\n` +
		`<rect width="100%" height="100%" fill="#fff"/>\n<text x="10" y="22" font-size="14" font-weight="bold">${escape(title)}</text>\n` +
		`${rows}\n${targetLine}\n${legend}\n</svg>\n`
	);
}

/** Lines on log-log axes: growth of several series with input size. */
export function lineChart(options: {
	title: string;
	xLabel: string;
	yLabel: string;
	series: Array<{ name: string; points: Array<[number, number]> }>;
}): string {
	const width = 640;
	const height = 380;
	const left = 70;
	const bottom = 50;
	const right = 170;
	const top = 36;
	const all = options.series.flatMap((s) => s.points);
	const lx = (v: number) => Math.log10(v);
	const [xmin, xmax] = [Math.min(...all.map((p) => lx(p[0]))), Math.max(...all.map((p) => lx(p[0])))];
	const [ymin, ymax] = [Math.min(...all.map((p) => lx(p[1]))) - 0.1, Math.max(...all.map((p) => lx(p[1]))) + 0.1];
	const px = (v: number) => left + ((lx(v) - xmin) / (xmax - xmin || 1)) * (width - left - right);
	const py = (v: number) => height - bottom - ((lx(v) - ymin) / (ymax - ymin || 1)) * (height - top - bottom);
	const colours = ['#3b7dd8', '#e67e22', '#27ae60', '#8e44ad', '#c0392b', '#7f8c8d'];
	const lines = options.series
		.map((s, i) => {
			const colour = colours[i % colours.length];
			const path = s.points.map((p, j) => `${j ? 'L' : 'M'}${px(p[0]).toFixed(1)},${py(p[1]).toFixed(1)}`).join(' ');
			const dots = s.points.map((p) => `<circle cx="${px(p[0]).toFixed(1)}" cy="${py(p[1]).toFixed(1)}" r="3" fill="${colour}"/>`).join('');
			return `<path d="${path}" fill="none" stroke="${colour}" stroke-width="2"/>${dots}<text x="${width - right + 10}" y="${top + 16 * i + 10}" font-size="12" fill="${colour}">${escape(s.name)}</text>`;
		})
		.join('\n');
	const xs = [...new Set(all.map((p) => p[0]))].sort((a, b) => a - b);
	const xTicks = xs.map((v) => `<text x="${px(v).toFixed(1)}" y="${height - bottom + 16}" font-size="11" text-anchor="middle">${v}</text>`).join('');
	const yTicks: string[] = [];
	for (let e = Math.floor(ymin); e <= Math.ceil(ymax); e++) {
		const v = 10 ** e;
		if (lx(v) < ymin || lx(v) > ymax) continue;
		yTicks.push(`<text x="${left - 6}" y="${(py(v) + 4).toFixed(1)}" font-size="11" text-anchor="end">${v >= 1 ? v : v.toPrecision(1)}</text><line x1="${left}" x2="${width - right}" y1="${py(v).toFixed(1)}" y2="${py(v).toFixed(1)}" stroke="#eee"/>`);
	}
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="#fff"/>\n` +
		`<text x="10" y="22" font-size="14" font-weight="bold">${escape(options.title)}</text>\n${yTicks.join('')}\n` +
		`<line x1="${left}" x2="${width - right}" y1="${height - bottom}" y2="${height - bottom}" stroke="#333"/><line x1="${left}" x2="${left}" y1="${top}" y2="${height - bottom}" stroke="#333"/>\n` +
		`${xTicks}<text x="${(left + width - right) / 2}" y="${height - 12}" font-size="12" text-anchor="middle">${escape(options.xLabel)}</text>` +
		`<text x="14" y="${(top + height - bottom) / 2}" font-size="12" transform="rotate(-90 14 ${(top + height - bottom) / 2})" text-anchor="middle">${escape(options.yLabel)}</text>\n${lines}\n</svg>\n`
	);
}
