import { halves, type Reply } from './chatCompletions';
import type { Answer } from './script';
import type { SseEvent } from './sse';
import type { Usage } from './usage';

/** An answer in the Responses API's shape, whole or as the events of a stream. */

type Status = 'in_progress' | 'completed';

function outputItem(answer: Answer, reply: Reply, status: Status, content = answer.kind === 'text' ? answer.text : answer.arguments) {
	if (answer.kind === 'toolCall') {
		return { id: `fc_${reply.id}`, type: 'function_call', status, call_id: answer.callId, name: answer.name, arguments: content };
	}
	const parts = status === 'completed' ? [{ type: 'output_text', text: content, annotations: [] }] : [];
	return { id: `msg_${reply.id}`, type: 'message', status, role: 'assistant', content: parts };
}

const usage = ({ input, output }: Usage) => ({
	input_tokens: input,
	input_tokens_details: { cached_tokens: 0 },
	output_tokens: output,
	output_tokens_details: { reasoning_tokens: 0 },
	total_tokens: input + output,
});

function responseObject(reply: Reply, status: Status, output: object[]) {
	return {
		id: `resp_${reply.id}`,
		object: 'response',
		created_at: reply.created,
		status,
		error: null,
		incomplete_details: null,
		instructions: null,
		max_output_tokens: null,
		model: reply.model,
		output,
		parallel_tool_calls: true,
		previous_response_id: null,
		reasoning: { effort: null, summary: null },
		store: false,
		temperature: 1,
		text: { format: { type: 'text' } },
		tool_choice: 'auto',
		tools: [],
		top_p: 1,
		truncation: 'disabled',
		usage: status === 'completed' ? usage(reply.usage) : null,
		metadata: {},
	};
}

export function response(answer: Answer, reply: Reply) {
	return responseObject(reply, 'completed', [outputItem(answer, reply, 'completed')]);
}

/** created, in_progress, the item added, its deltas in two pieces and their end, the item done, completed. */
export function responseEvents(answer: Answer, reply: Reply): SseEvent[] {
	const events: SseEvent[] = [];
	const emit = (type: string, fields: object) =>
		events.push({ event: type, data: JSON.stringify({ type, sequence_number: events.length, ...fields }) });
	const done = outputItem(answer, reply, 'completed');
	const at = { item_id: done.id, output_index: 0 };

	emit('response.created', { response: responseObject(reply, 'in_progress', []) });
	emit('response.in_progress', { response: responseObject(reply, 'in_progress', []) });
	emit('response.output_item.added', { output_index: 0, item: outputItem(answer, reply, 'in_progress', '') });
	if (answer.kind === 'text') {
		const part = { type: 'output_text', text: '', annotations: [] };
		emit('response.content_part.added', { ...at, content_index: 0, part });
		for (const delta of halves(answer.text)) emit('response.output_text.delta', { ...at, content_index: 0, delta, logprobs: [] });
		emit('response.output_text.done', { ...at, content_index: 0, text: answer.text, logprobs: [] });
		emit('response.content_part.done', { ...at, content_index: 0, part: { ...part, text: answer.text } });
	} else {
		for (const delta of halves(answer.arguments)) emit('response.function_call_arguments.delta', { ...at, delta });
		emit('response.function_call_arguments.done', { ...at, arguments: answer.arguments });
	}
	emit('response.output_item.done', { output_index: 0, item: done });
	emit('response.completed', { response: responseObject(reply, 'completed', [done]) });
	return events;
}
