import { matchPattern } from './http';

/**
 * `truncated_json`: a whole answer whose body is the first half of the real one (a proxy that
 * cut and re-framed it). `cut_short`: the headers announce the whole body, half of it comes, then
 * the connection drops. `html`: 200 with an HTML page, as a proxy or captive portal answers.
 */
export const FAULT_KINDS = ['rate_limit', 'server_error', 'slow', 'truncated_json', 'cut_short', 'html'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
	kind: FaultKind;
	/** Which requests: a method and/or a path pattern (`/v1/recordings/:id`, `/_links/*`). Default: any. */
	method?: string;
	path?: string;
	/** How many matching requests it applies to. Default 1. */
	times?: number;
	/** rate_limit: the `Retry-After` header, in seconds. Default 1. */
	retryAfterSeconds?: number;
	/** slow: how long to wait before answering normally. Default 1000. */
	delayMs?: number;
}

export interface ActiveFault extends FaultSpec {
	times: number;
	id: number;
	/** How many times it has fired so far. */
	used: number;
}

/**
 * Faults queued for the next matching requests. Control routes are never faulted, so a test
 * can always inspect and reset the simulator.
 */
export class FaultInjector {
	private faults: ActiveFault[] = [];
	private nextId = 1;

	inject(spec: FaultSpec): ActiveFault {
		if (!FAULT_KINDS.includes(spec.kind)) throw new Error(`Unknown fault kind: ${String(spec.kind)}`);
		const times = spec.times ?? 1;
		if (!Number.isInteger(times) || times < 1) throw new Error('times must be a positive integer');
		const fault: ActiveFault = { ...spec, times, id: this.nextId++, used: 0 };
		this.faults.push(fault);
		return fault;
	}

	/** Takes one use of the first fault matching the request, if any. */
	take(method: string, path: string): ActiveFault | undefined {
		const fault = this.faults.find(
			(f) =>
				(f.method === undefined || f.method.toUpperCase() === method.toUpperCase()) &&
				(f.path === undefined || matchPattern(f.path, path) !== undefined),
		);
		if (!fault) return undefined;
		fault.used++;
		if (fault.used >= fault.times) this.faults = this.faults.filter((f) => f !== fault);
		return { ...fault };
	}

	list(): ActiveFault[] {
		return this.faults.map((f) => ({ ...f }));
	}

	clear(): void {
		this.faults = [];
	}
}
