import * as recording from './recording';
import * as transcript from './transcript';
import type { ClaapOperation } from './types';
import * as webhook from './webhook';

/** Every resource's operations, by the values of the node's `resource` and `operation` parameters. */
export const claapOperations = {
	recording: recording.operations,
	transcript: transcript.operations,
	webhook: webhook.operations,
} satisfies Record<string, Record<string, ClaapOperation>>;

/** The operation for a resource and operation name, if the node has it. */
export function findOperation(resource: string, operation: string): ClaapOperation | undefined {
	const byResource: Record<string, Record<string, ClaapOperation>> = claapOperations;
	if (!Object.hasOwn(byResource, resource)) return undefined;
	const operations = byResource[resource];
	return Object.hasOwn(operations, operation) ? operations[operation] : undefined;
}
