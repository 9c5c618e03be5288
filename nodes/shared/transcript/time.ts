/** Whole milliseconds, never negative: subtitle formats cannot express anything else. */
export function toMilliseconds(seconds: number): number {
	return Math.max(0, Math.round(seconds * 1000));
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** `HH:MM:SS` + separator + `mmm`: SRT uses a comma, WebVTT a dot. Hours grow past 99 if needed. */
export function formatCueTimestamp(milliseconds: number, separator: ',' | '.'): string {
	const hours = Math.floor(milliseconds / 3_600_000);
	const minutes = Math.floor((milliseconds % 3_600_000) / 60_000);
	const seconds = Math.floor((milliseconds % 60_000) / 1000);
	const millis = milliseconds % 1000;
	return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}${separator}${pad(millis, 3)}`;
}

/** `HH:MM:SS` for reading: text and Markdown transcripts. */
export function formatClock(seconds: number): string {
	const whole = Math.max(0, Math.floor(seconds));
	return `${pad(Math.floor(whole / 3600), 2)}:${pad(Math.floor((whole % 3600) / 60), 2)}:${pad(whole % 60, 2)}`;
}
