import type { Conversation } from './conversation';
import type { Answer } from './script';

/** Token counts, roughly (a word is a token): enough for clients that read usage. */
export interface Usage {
	input: number;
	output: number;
}

export const tokens = (text: string): number => text.split(/\s+/u).filter((word) => word !== '').length;

export function usageOf(conversation: Conversation, answer: Answer): Usage {
	const input = conversation.messages.reduce((sum, message) => sum + tokens(message.text), 0);
	const output = answer.kind === 'text' ? tokens(answer.text) : tokens(answer.arguments);
	return { input, output };
}
