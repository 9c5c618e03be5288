/**
 * Talks to a public Chat Trigger as n8n's chat widget does: one message, one answer. With the
 * trigger's default response mode ("when the last node finishes") the answer is the last node's
 * JSON, `{ output }` for an AI Agent.
 */
export async function sendChatMessage(
	chatUrl: string,
	chatInput: string,
	sessionId: string,
): Promise<{ status: number; output?: string; body: unknown }> {
	const response = await fetch(chatUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ action: 'sendMessage', sessionId, chatInput }),
	});
	const text = await response.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// Left as text: an error page, say.
	}
	const output = typeof body === 'object' && body !== null && 'output' in body && typeof body.output === 'string' ? body.output : undefined;
	return { status: response.status, output, body };
}
