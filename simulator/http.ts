import type { IncomingHttpHeaders } from 'node:http';

/**
 * The simulator's own request/response shapes. Handlers return a value instead of writing to
 * the socket, so faults (truncated JSON, slow answers) can be applied in one place.
 */
export interface SimRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	body: Buffer;
	params: Record<string, string>;
}

export interface SimResponse {
	status: number;
	headers?: Record<string, string>;
	/** A Buffer or string is sent as is; anything else is sent as JSON. */
	body?: unknown;
}

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

/** Which part of Claap a route belongs to: the request log and faults are filtered by it. */
export type Area = 'webhook' | 'rest' | 'link' | 'control';

export const json = (status: number, body: unknown, headers?: Record<string, string>): SimResponse => ({
	status,
	body,
	headers,
});

export function header(req: SimRequest, name: string): string | undefined {
	const value = req.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** Parses the body as JSON; `undefined` for an empty body, an error marker for bad JSON. */
export function parseJsonBody(req: SimRequest): { ok: true; value: unknown } | { ok: false; message: string } {
	const text = req.body.toString('utf8');
	if (text.trim() === '') return { ok: true, value: undefined };
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch (error) {
		return { ok: false, message: `Body is not valid JSON: ${(error as Error).message}` };
	}
}

interface Route {
	method: string;
	segments: string[];
	area: Area;
	handler: Handler;
}

/** `/v1/recordings/:id` style patterns; a last segment `*` matches any rest of the path. */
export function matchPattern(pattern: string | string[], path: string): Record<string, string> | undefined {
	const want = typeof pattern === 'string' ? split(pattern) : pattern;
	const got = split(path);
	const params: Record<string, string> = {};
	for (let i = 0; i < want.length; i++) {
		const w = want[i];
		if (w === '*' && i === want.length - 1) return params;
		const g = got[i];
		if (g === undefined) return undefined;
		if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(g);
		else if (w !== g) return undefined;
	}
	return got.length === want.length ? params : undefined;
}

const split = (path: string) => path.split('/').filter((s) => s !== '');

export class Router {
	private readonly routes: Route[] = [];

	add(area: Area, method: string, pattern: string, handler: Handler): this {
		this.routes.push({ area, method: method.toUpperCase(), segments: split(pattern), handler });
		return this;
	}

	/** `methodNotAllowed` when the path exists under another method. */
	match(
		method: string,
		path: string,
	):
		| { handler: Handler; params: Record<string, string>; area: Area }
		| { methodNotAllowed: true; area: Area }
		| undefined {
		let other: Route | undefined;
		for (const route of this.routes) {
			const params = matchPattern(route.segments, path);
			if (!params) continue;
			if (route.method === method.toUpperCase()) return { handler: route.handler, params, area: route.area };
			other ??= route;
		}
		return other ? { methodNotAllowed: true, area: other.area } : undefined;
	}
}

/** Where a path belongs when no route matches: used to pick the right error envelope. */
export function areaOf(path: string): Area {
	if (path.startsWith('/api/')) return 'webhook';
	if (path.startsWith('/_links/')) return 'link';
	if (path.startsWith('/_control/')) return 'control';
	return 'rest';
}
