import { readFileSync, writeFileSync } from 'node:fs';

/**
 * A process's resident memory, read from Linux /proc: how much n8n grows while it runs one
 * workflow. Sampled every `intervalMs`, and the kernel's own high-water mark (VmHWM, reset before
 * the watch starts where the kernel lets us) catches a peak that falls between two samples.
 */
export interface MemoryGrowth {
	/** Resident bytes when the watch started. */
	before: number;
	/** Highest resident bytes seen during the watch. */
	peak: number;
	/** `peak - before`. */
	growth: number;
	samples: number;
	/** Whether `peak` includes the kernel's high-water mark (false: samples only). */
	kernelPeak: boolean;
}

export interface MemoryWatch {
	readonly before: number;
	stop(): MemoryGrowth;
}

/** A field of /proc/<pid>/status in bytes (the kernel writes kB); undefined once the process is gone. */
function statusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
	try {
		const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match === null ? undefined : Number(match[1]) * 1024;
	} catch {
		return undefined;
	}
}

export function residentBytes(pid: number): number {
	const rss = statusBytes(pid, 'VmRSS');
	if (rss === undefined) throw new Error(`process ${pid} is gone: no resident memory to read`);
	return rss;
}

/** Resets the kernel's peak-RSS mark to the current RSS (Linux 4.0+, same user); false if refused. */
function resetPeak(pid: number): boolean {
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

export function watchMemory(pid: number, intervalMs = 50): MemoryWatch {
	const kernelPeak = resetPeak(pid);
	const before = residentBytes(pid);
	let peak = before;
	let samples = 1;
	const timer = setInterval(() => {
		const rss = statusBytes(pid, 'VmRSS');
		if (rss === undefined) return;
		samples++;
		peak = Math.max(peak, rss);
	}, intervalMs);
	return {
		before,
		stop() {
			clearInterval(timer);
			const last = statusBytes(pid, 'VmRSS') ?? peak;
			const hwm = kernelPeak ? (statusBytes(pid, 'VmHWM') ?? 0) : 0;
			peak = Math.max(peak, last, hwm);
			return { before, peak, growth: peak - before, samples: samples + 1, kernelPeak };
		},
	};
}
