import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { ClaapDeps } from '../transport';

/**
 * One operation handles one input item and throws on failure. The router owns the loop,
 * continueOnFail and pairedItem, so operations return items without pairing.
 */
export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
	deps: ClaapDeps,
) => Promise<INodeExecutionData[]>;

export interface ClaapOperation {
	description: INodeProperties[];
	execute: OperationExecute;
}
