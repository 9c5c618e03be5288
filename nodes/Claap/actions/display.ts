import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * Shows an operation's fields only for that resource and operation. Merged into each field's
 * own `show`, so a field keeps its own conditions (a source, a format) alongside.
 */
export function forOperation(resource: string, operation: string, properties: INodeProperties[]): INodeProperties[] {
	const show: NonNullable<IDisplayOptions['show']> = { resource: [resource], operation: [operation] };
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, ...show },
		},
	}));
}
