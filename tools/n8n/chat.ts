/**
 * Talks to a public Chat Trigger as n8n's chat widget does: one message, one answer. Answered
 * whole ("when the last node finishes"), the body is the last node's JSON, `{ output }` for an
 * AI Agent. Streamed, it is one JSON object a line (`begin`, `item` with a piece of the text,
 * `end`, per node): the output is the pieces joined.
 */
export interface ChatAnswer {
	status: number;
	output?: string;
	/** How many text pieces a streamed answer came in (0 when it came whole). */
	pieces: number;
	body: string;
}

interface StreamChunk {
	type?: string;
	content?: unknown;
}

function parsed(line: string): unknown {
	try {
		return JSON.parse(line);
	} catch {
		return undefined;
	}
}

function outputOf(body: string): { output?: string; pieces: number } {
	const whole = parsed(body);
	if (typeof whole === 'object' && whole !== null && 'output' in whole) {
		return { output: typeof whole.output === 'string' ? whole.output : undefined, pieces: 0 };
	}
	const items = body
		.split('\n')
		.map((line) => parsed(line) as StreamChunk | undefined)
		.filter((chunk) => chunk?.type === 'item' && typeof chunk.content === 'string');
	return items.length === 0 ? { pieces: 0 } : { output: items.map((chunk) => String(chunk?.content)).join(''), pieces: items.length };
}

export async function sendChatMessage(chatUrl: string, chatInput: string, sessionId: string): Promise<ChatAnswer> {
	const response = await fetch(chatUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ action: 'sendMessage', sessionId, chatInput }),
	});
	const body = await response.text();
	return { status: response.status, body, ...outputOf(body) };
}
