import { z } from 'zod/v4';

/** What n8n's request helpers return with `returnFullResponse: true`. */
const FullResponseSchema = z.looseObject({
	statusCode: z.number(),
	// n8n 2.x hands axios's AxiosHeaders, a class instance z.record refuses: copy its own entries.
	headers: z
		.unknown()
		.transform((value): Record<string, unknown> => (typeof value === 'object' && value !== null ? { ...value } : {})),
	body: z.unknown(),
});

export type HttpResponse = z.infer<typeof FullResponseSchema>;

export function toHttpResponse(raw: unknown): HttpResponse {
	const parsed = FullResponseSchema.safeParse(raw);
	// n8n always answers this shape; anything else is treated as a body-less server error.
	return parsed.success ? parsed.data : { statusCode: 502, headers: {}, body: raw };
}

/** Header lookup that ignores case, as HTTP does. */
export function header(response: HttpResponse, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(response.headers)) {
		if (key.toLowerCase() === wanted) return Array.isArray(value) ? String(value[0]) : String(value);
	}
	return undefined;
}

/** The body as JSON: n8n parses JSON bodies, but not when a server labels them as text. */
export function jsonBody(response: HttpResponse): unknown {
	const { body } = response;
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
	if (typeof text !== 'string') return text;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}
