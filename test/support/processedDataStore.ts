import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

/**
 * n8n's processed-data store as its DeduplicationHelper (n8n 2.41.1 and 1.123.81,
 * `dist/deduplication/deduplication-helper.js`) uses the database: one record per workflow and
 * context, read, changed and written back in separate steps, where only creating a record is
 * atomic. Every database call yields, so concurrent callers interleave as separate n8n
 * processes do.
 */
interface ProcessedRecord {
	mode: string;
	data: DeduplicationItemTypes[];
}

const databaseCall = async () => await new Promise((resolve) => setImmediate(resolve));

export class ProcessedDataStore implements IDataDeduplicator {
	readonly records = new Map<string, ProcessedRecord>();
	calls = 0;

	private key(scope: DeduplicationScope, { workflow, node }: ICheckProcessedContextData): string {
		return `${workflow.id}/${scope === 'node' ? `n:${node?.id ?? ''}` : ''}`;
	}

	private async find(key: string): Promise<ProcessedRecord | undefined> {
		this.calls++;
		await databaseCall();
		const record = this.records.get(key);
		return record && { mode: record.mode, data: [...record.data] };
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		const key = this.key(scope, context);
		const record = await this.find(key);
		if (record && record.mode !== options.mode) {
			throw new Error('Deduplication data was originally saved with an incompatible setting of the ‘Keep Items Where’ parameter.');
		}
		await databaseCall();
		if (!record) {
			if (this.records.has(key)) throw new Error('duplicate key value violates unique constraint "PK_processed_data"');
			this.records.set(key, { mode: options.mode, data: items.slice(-(options.maxEntries ?? items.length)) });
			return { new: items, processed: [] };
		}
		const seen = new Set(record.data);
		const output: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			if (seen.has(item)) output.processed.push(item);
			else {
				output.new.push(item);
				record.data.push(item);
			}
		}
		if (options.maxEntries) record.data.splice(0, record.data.length - options.maxEntries);
		// An UPDATE: it writes the whole record back, and changes nothing if it was deleted meanwhile.
		if (this.records.has(key)) this.records.set(key, record);
		return output;
	}

	async removeProcessed(items: DeduplicationItemTypes[], scope: DeduplicationScope, context: ICheckProcessedContextData): Promise<void> {
		const key = this.key(scope, context);
		const record = await this.find(key);
		if (!record) return;
		record.data = record.data.filter((item) => !items.includes(item));
		await databaseCall();
		if (this.records.has(key)) this.records.set(key, record);
	}

	async clearAllProcessedItems(scope: DeduplicationScope, context: ICheckProcessedContextData): Promise<void> {
		this.calls++;
		await databaseCall();
		this.records.delete(this.key(scope, context));
	}

	async getProcessedDataCount(scope: DeduplicationScope, context: ICheckProcessedContextData, options: ICheckProcessedOptions): Promise<number> {
		const record = await this.find(this.key(scope, context));
		return options.mode === 'entries' && record ? record.data.length : 0;
	}

	/** The helpers n8n gives one node's execution (`this.helpers`), bound to its workflow and node. */
	helpersFor(workflowId: string, nodeId: string) {
		const context: ICheckProcessedContextData = {
			workflow: { id: workflowId, active: true },
			node: { id: nodeId } as ICheckProcessedContextData['node'],
		};
		return {
			checkProcessedAndRecord: async (items: DeduplicationItemTypes[], scope: DeduplicationScope, options: ICheckProcessedOptions) =>
				await this.checkProcessedAndRecord(items, scope, context, options),
			removeProcessed: async (items: DeduplicationItemTypes[], scope: DeduplicationScope) =>
				await this.removeProcessed(items, scope, context),
			clearAllProcessedItems: async (scope: DeduplicationScope) => await this.clearAllProcessedItems(scope, context),
			getProcessedDataCount: async (scope: DeduplicationScope, options: ICheckProcessedOptions) =>
				await this.getProcessedDataCount(scope, context, options),
		};
	}
}
