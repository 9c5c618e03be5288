import type { Answer } from './script';
import type { SseEvent } from './sse';
import type { Usage } from './usage';

/** An answer in the chat completions API's shape, whole or as the chunks of a stream. */

export interface Reply {
	id: string;
	model: string;
	created: number;
	usage: Usage;
}

function assistantMessage(answer: Answer) {
	if (answer.kind === 'text') return { role: 'assistant', content: answer.text, refusal: null };
	return {
		role: 'assistant',
		content: null,
		refusal: null,
		tool_calls: [{ id: answer.callId, type: 'function', function: { name: answer.name, arguments: answer.arguments } }],
	};
}

const finishReason = (answer: Answer) => (answer.kind === 'text' ? 'stop' : 'tool_calls');

const usage = ({ input, output }: Usage) => ({ prompt_tokens: input, completion_tokens: output, total_tokens: input + output });

export function chatCompletion(answer: Answer, reply: Reply) {
	return {
		id: reply.id,
		object: 'chat.completion',
		created: reply.created,
		model: reply.model,
		choices: [{ index: 0, message: assistantMessage(answer), logprobs: null, finish_reason: finishReason(answer) }],
		usage: usage(reply.usage),
	};
}

/** The stream: role, then the text or the tool call in two pieces, the finish reason, usage if asked, [DONE]. */
export function chatCompletionChunks(answer: Answer, reply: Reply, includeUsage: boolean): SseEvent[] {
	const chunk = (delta: object, finish: string | null = null) => ({
		data: JSON.stringify({
			id: reply.id,
			object: 'chat.completion.chunk',
			created: reply.created,
			model: reply.model,
			choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
		}),
	});
	const events: SseEvent[] = [chunk({ role: 'assistant', content: '' })];
	if (answer.kind === 'text') {
		for (const piece of halves(answer.text)) events.push(chunk({ content: piece }));
	} else {
		const [first, second] = halves(answer.arguments);
		const call = { index: 0, id: answer.callId, type: 'function', function: { name: answer.name, arguments: first } };
		events.push(chunk({ tool_calls: [call] }), chunk({ tool_calls: [{ index: 0, function: { arguments: second } }] }));
	}
	events.push(chunk({}, finishReason(answer)));
	if (includeUsage) {
		const data = { id: reply.id, object: 'chat.completion.chunk', created: reply.created, model: reply.model, choices: [] };
		events.push({ data: JSON.stringify({ ...data, usage: usage(reply.usage) }) });
	}
	events.push({ data: '[DONE]' });
	return events;
}

/** Two pieces, so a client must join deltas to read the whole. */
export function halves(text: string): [string, string] {
	const middle = Math.ceil(text.length / 2);
	return [text.slice(0, middle), text.slice(middle)];
}
