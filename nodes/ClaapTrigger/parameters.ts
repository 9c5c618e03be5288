import { NodeOperationError, type INode } from 'n8n-workflow';
import { z } from 'zod/v4';

import type { DeliverySettings } from '../shared/delivery';
import { checkData, EventTypeSchema, formatIssues } from '../shared/schemas';

/** A comma-separated field as the list it means: `'Sales, ch_1 '` -> `['Sales', 'ch_1']`. */
const CommaList = z
	.string()
	.default('')
	.transform((value) =>
		value
			.split(',')
			.map((part) => part.trim())
			.filter((part) => part !== ''),
	);

/** The Filters collection: what `matchesFilters` takes. The polling trigger reads the same one. */
export const FiltersSchema = z.looseObject({
	channels: CommaList,
	labels: CommaList,
	requireDeal: z.boolean().default(false),
});

const OptionsSchema = z.looseObject({
	ignoreDuplicates: z.boolean().default(true),
	rejectDrift: z.boolean().default(false),
});

export type TriggerOptions = z.output<typeof OptionsSchema>;
export type TriggerSettings = DeliverySettings & Pick<TriggerOptions, 'ignoreDuplicates'>;

/** How a context reads one parameter: webhook() and execute() ask n8n differently. */
export type ReadParameter = (name: string, fallback: unknown) => unknown;

/** One parameter checked against its schema; a value n8n's editor cannot produce is an error that names it. */
export function checkedParameter<T extends z.ZodType>(
	node: INode,
	read: ReadParameter,
	name: string,
	schema: T,
	fallback: unknown,
): z.output<T> {
	const result = checkData(schema, read(name, fallback));
	if (!result.success) {
		throw new NodeOperationError(node, `Parameter "${name}" is not valid`, { description: formatIssues(result.issues, name) });
	}
	return result.data;
}

/** The Options collection: all execute() needs, and part of what webhook() needs. */
export const readTriggerOptions = (node: INode, read: ReadParameter): TriggerOptions =>
	checkedParameter(node, read, 'options', OptionsSchema, {});

/** Everything the user chose in the trigger, as the delivery decision takes it. */
export function readTriggerSettings(node: INode, read: ReadParameter): TriggerSettings {
	const events = checkedParameter(node, read, 'events', z.array(EventTypeSchema), []);
	const filters = checkedParameter(node, read, 'filters', FiltersSchema, {});
	const { ignoreDuplicates, rejectDrift } = readTriggerOptions(node, read);
	return { events, ...filters, rejectDrift, ignoreDuplicates };
}
