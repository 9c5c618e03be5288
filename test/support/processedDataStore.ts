import { createHash } from 'node:crypto';
import type { DeduplicationItemTypes, DeduplicationScope, ICheckProcessedOptions, IDeduplicationOutput } from 'n8n-workflow';

/**
 * n8n's processed-data store as its database helper behaves (packages/cli, DeduplicationHelper,
 * mode 'entries'): one row per workflow and context holding md5 digests of the values; the row is
 * read, changed in memory and written back whole, each step a separate database call with no
 * transaction; the first record inserts the row, and a second insert of it fails on its primary key.
 * Every call awaits between its read and its write, so overlapping calls race as two workers do.
 */
export class FakeProcessedDataStore {
	readonly rows = new Map<string, string[]>();

	/** How many calls read the row, to show where a call stopped. */
	reads = 0;

	/** The helper one execution context gets: bound to its workflow and node, as n8n binds it. */
	helperFor(workflowId: string, nodeId: string) {
		return {
			checkProcessedAndRecord: async (
				items: DeduplicationItemTypes[],
				scope: DeduplicationScope,
				options: ICheckProcessedOptions,
			): Promise<IDeduplicationOutput> => {
				const context = scope === 'node' ? `n:${nodeId}` : '';
				return await this.checkProcessedAndRecord(`${workflowId}/${context}`, items, options);
			},
		};
	}

	private async checkProcessedAndRecord(
		key: string,
		items: DeduplicationItemTypes[],
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		if (options.mode !== 'entries') throw new Error(`the fake store knows mode 'entries' only, not ${options.mode}`);
		const hashed = items.map((item) => createHash('md5').update(item.toString()).digest('base64'));
		const stored = await this.read(key);
		if (stored === undefined) {
			await this.insert(key, options.maxEntries ? hashed.slice(-options.maxEntries) : hashed);
			return { new: items, processed: [] };
		}
		const output: IDeduplicationOutput = { new: [], processed: [] };
		const before = new Set(stored);
		hashed.forEach((hash, index) => {
			if (before.has(hash)) output.processed.push(items[index]);
			else {
				output.new.push(items[index]);
				stored.push(hash);
			}
		});
		if (options.maxEntries) stored.splice(0, stored.length - options.maxEntries);
		await this.write(key, stored);
		return output;
	}

	private async read(key: string): Promise<string[] | undefined> {
		await tick();
		this.reads++;
		const row = this.rows.get(key);
		return row ? [...row] : undefined;
	}

	private async insert(key: string, data: string[]): Promise<void> {
		await tick();
		if (this.rows.has(key)) throw new Error('duplicate key value violates unique constraint "PK_processed_data"');
		this.rows.set(key, data);
	}

	private async write(key: string, data: string[]): Promise<void> {
		await tick();
		this.rows.set(key, data);
	}
}

const tick = async () => await new Promise<void>((resolve) => setImmediate(resolve));
