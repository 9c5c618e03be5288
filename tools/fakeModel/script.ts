import type { Conversation } from './conversation';

/**
 * What the fake model answers, turn by turn. A test queues replies; each chat request takes the
 * next one. A reply can be computed from the conversation so far, so a final answer can quote
 * what a tool returned, as a real model would.
 */

/** A call of one of the tools the request offers, found by name (a RegExp matches any part). */
export interface ToolCallTurn {
	call: { tool: string | RegExp; arguments: Record<string, unknown> };
}

export interface TextTurn {
	text: string;
}

export type Turn = ToolCallTurn | TextTurn;

export type Reply = Turn | ((conversation: Conversation) => Turn);

/** A turn resolved against the request: the tool's real name, the arguments as JSON. */
export type Answer = { kind: 'text'; text: string } | { kind: 'toolCall'; callId: string; name: string; arguments: string };

export class ScriptError extends Error {}

function toolName(conversation: Conversation, wanted: string | RegExp): string {
	const found = conversation.tools.find((tool) => (typeof wanted === 'string' ? tool.name === wanted : wanted.test(tool.name)));
	if (!found) {
		const offered = conversation.tools.map((tool) => tool.name).join(', ') || 'none';
		throw new ScriptError(`the script calls a tool ${String(wanted)}, but the request offers: ${offered}`);
	}
	return found.name;
}

export class ModelScript {
	private replies: Reply[] = [];
	private calls = 0;

	/** Queues replies after those still waiting. */
	push(...replies: Reply[]): void {
		this.replies.push(...replies);
	}

	/** Forgets the replies still waiting. */
	clear(): void {
		this.replies = [];
	}

	get pending(): number {
		return this.replies.length;
	}

	/** The next reply, resolved for this request; a ScriptError when none is left or it cannot apply. */
	next(conversation: Conversation): Answer {
		const reply = this.replies.shift();
		if (reply === undefined) throw new ScriptError('no scripted reply left for this request');
		const turn = typeof reply === 'function' ? reply(conversation) : reply;
		if ('text' in turn) return { kind: 'text', text: turn.text };
		this.calls++;
		return {
			kind: 'toolCall',
			callId: `call_fake_${this.calls}`,
			name: toolName(conversation, turn.call.tool),
			arguments: JSON.stringify(turn.call.arguments),
		};
	}
}
