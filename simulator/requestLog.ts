import type { IncomingHttpHeaders } from 'node:http';

import type { Area } from './http';
import type { FaultKind } from './faults';

export interface LoggedRequest {
	seq: number;
	at: string;
	method: string;
	path: string;
	query: Record<string, string>;
	/** Lower-cased names, exactly as received: how tests prove no secret reached a link. */
	headers: IncomingHttpHeaders;
	area: Area;
	status: number;
	fault?: FaultKind;
}

export interface RequestFilter {
	area?: Area;
	method?: string;
	/** A path prefix. */
	path?: string;
}

export class RequestLog {
	private entries: LoggedRequest[] = [];
	private seq = 0;

	add(entry: Omit<LoggedRequest, 'seq'>): void {
		this.entries.push({ seq: ++this.seq, ...entry });
	}

	list(filter: RequestFilter = {}): LoggedRequest[] {
		return this.entries
			.filter(
				(e) =>
					(filter.area === undefined || e.area === filter.area) &&
					(filter.method === undefined || e.method === filter.method.toUpperCase()) &&
					(filter.path === undefined || e.path.startsWith(filter.path)),
			)
			.map((e) => structuredClone(e));
	}

	clear(): void {
		this.entries = [];
	}
}
