import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { defaultDeps, unexpectedError, type ClaapDeps } from '../transport';
import { runsAsTool } from '../helpers/tool';
import { errorItemJson } from './errorItem';
import { findOperation } from './operations';

/**
 * Whether a failed item becomes an error item instead of stopping the run. An AI agent's tool
 * goes on by default, as n8n 2.x does for failing tools (n8n 1.x would stop the whole run), and
 * the agent gets the whole error item, remedy included, to reason about; its On Error setting
 * "Stop Workflow" still stops it.
 */
function continues(ctx: IExecuteFunctions): boolean {
	return ctx.continueOnFail() || (runsAsTool(ctx) && ctx.getNode().onError !== 'stopWorkflow');
}

/**
 * Runs the chosen operation once per input item. Owns what every operation shares: the item
 * loop, pairing each output (error items too) with its input, and continueOnFail.
 */
export async function router(this: IExecuteFunctions, deps: ClaapDeps = defaultDeps): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = String(this.getNodeParameter('resource', 0));
	const operationName = String(this.getNodeParameter('operation', 0));
	const operation = findOperation(resource, operationName);
	if (operation === undefined) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not supported`);
	}

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const results = await operation.execute.call(this, itemIndex, items[itemIndex], deps);
			output.push(...results.map((result) => ({ ...result, pairedItem: { item: itemIndex } })));
		} catch (error) {
			const failure = unexpectedError(this.getNode(), error);
			failure.context.itemIndex ??= itemIndex;
			if (!continues(this)) throw failure;
			output.push({ json: errorItemJson(failure), pairedItem: { item: itemIndex } });
		}
	}
	return [output];
}
