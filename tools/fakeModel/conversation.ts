/**
 * What a chat request says, whichever of OpenAI's two APIs carried it: chat completions
 * (`messages`, `tools[].function`) or the Responses API (`input` items, flat `tools`). Tests and
 * scripted replies read this one shape, so they need not know which API n8n's node chose.
 */

export type ChatApi = 'chat.completions' | 'responses';

export interface ToolCall {
	/** The id that pairs a call with its result (`tool_call_id` / `call_id`). */
	id: string;
	name: string;
	/** The arguments as the model sent them: a JSON string. */
	arguments: string;
}

export interface Message {
	role: 'system' | 'user' | 'assistant' | 'tool';
	text: string;
	/** An assistant turn that called tools. */
	toolCalls?: ToolCall[];
	/** A tool's result: the call it answers. */
	toolCallId?: string;
}

export interface ToolSpec {
	name: string;
	description: string;
	/** JSON Schema of the arguments. */
	parameters: unknown;
}

export interface Conversation {
	api: ChatApi;
	model: string;
	stream: boolean;
	messages: Message[];
	tools: ToolSpec[];
}

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asString = (value: unknown): string => (typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value));

/** Message content as text: a string, or the text of its parts (`text`, `input_text`, `output_text`). */
function contentText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return asString(content);
	return content.map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : '')).join('');
}

function role(value: unknown): Message['role'] {
	if (value === 'developer') return 'system';
	return value === 'system' || value === 'assistant' || value === 'tool' ? value : 'user';
}

function chatMessage(raw: unknown): Message {
	const message = isObject(raw) ? raw : {};
	const toolCalls = Array.isArray(message.tool_calls)
		? message.tool_calls.filter(isObject).map((call) => {
				const fn = isObject(call.function) ? call.function : {};
				return { id: asString(call.id), name: asString(fn.name), arguments: asString(fn.arguments) };
			})
		: undefined;
	return {
		role: role(message.role),
		text: contentText(message.content),
		...(toolCalls && toolCalls.length > 0 ? { toolCalls } : {}),
		...(typeof message.tool_call_id === 'string' ? { toolCallId: message.tool_call_id } : {}),
	};
}

/** Responses API input items; consecutive function calls join the assistant turn they belong to. */
function responsesMessages(input: unknown, instructions: unknown): Message[] {
	const messages: Message[] = typeof instructions === 'string' && instructions !== '' ? [{ role: 'system', text: instructions }] : [];
	if (typeof input === 'string') return [...messages, { role: 'user', text: input }];
	for (const item of Array.isArray(input) ? input.filter(isObject) : []) {
		if (item.type === 'function_call') {
			const call = { id: asString(item.call_id), name: asString(item.name), arguments: asString(item.arguments) };
			const last = messages.at(-1);
			if (last?.role === 'assistant' && last.toolCalls) last.toolCalls.push(call);
			else messages.push({ role: 'assistant', text: '', toolCalls: [call] });
		} else if (item.type === 'function_call_output') {
			messages.push({ role: 'tool', text: contentText(item.output), toolCallId: asString(item.call_id) });
		} else if (item.type === undefined || item.type === 'message') {
			messages.push({ role: role(item.role), text: contentText(item.content) });
		}
	}
	return messages;
}

function tool(raw: unknown): ToolSpec {
	const spec = isObject(raw) ? raw : {};
	const fn = isObject(spec.function) ? spec.function : spec;
	return { name: asString(fn.name), description: asString(fn.description), parameters: fn.parameters };
}

/** The conversation a chat completions or Responses API request body carries. */
export function readConversation(api: ChatApi, body: unknown): Conversation {
	const request = isObject(body) ? body : {};
	const messages =
		api === 'chat.completions'
			? (Array.isArray(request.messages) ? request.messages : []).map(chatMessage)
			: responsesMessages(request.input, request.instructions);
	return {
		api,
		model: asString(request.model),
		stream: request.stream === true,
		messages,
		tools: (Array.isArray(request.tools) ? request.tools : []).map(tool),
	};
}
