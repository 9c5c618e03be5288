/** Whole milliseconds, never negative: subtitle formats cannot express anything else. */
export function toMilliseconds(seconds: number): number {
	return Math.max(0, Math.round(seconds * 1000));
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

// Every cue has two timestamps: their fields are looked up, not padded one by one.
const TWO_DIGITS = Array.from({ length: 100 }, (_, value) => pad(value, 2));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, value) => pad(value, 3));
/** The table's entry, or the padded value for what it lacks: hours past 99, or odd input. */
const padded = (table: readonly string[], value: number, width: number) => table[value] ?? pad(value, width);

/** `HH:MM:SS` + separator + `mmm`: SRT uses a comma, WebVTT a dot. Hours grow past 99 if needed. */
export function formatCueTimestamp(milliseconds: number, separator: ',' | '.'): string {
	const hours = Math.floor(milliseconds / 3_600_000);
	const minutes = Math.floor((milliseconds % 3_600_000) / 60_000);
	const seconds = Math.floor((milliseconds % 60_000) / 1000);
	const millis = milliseconds % 1000;
	const hh = padded(TWO_DIGITS, hours, 2);
	const mm = padded(TWO_DIGITS, minutes, 2);
	const ss = padded(TWO_DIGITS, seconds, 2);
	return `${hh}:${mm}:${ss}${separator}${padded(THREE_DIGITS, millis, 3)}`;
}

/** `HH:MM:SS` for reading: text and Markdown transcripts. */
export function formatClock(seconds: number): string {
	const whole = Math.max(0, Math.floor(seconds));
	return `${pad(Math.floor(whole / 3600), 2)}:${pad(Math.floor((whole % 3600) / 60), 2)}:${pad(whole % 60, 2)}`;
}
