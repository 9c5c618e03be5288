import type { Recording, Transcript } from '../nodes/shared/schemas';

/** The documented fields only: `Omit` on the schema's loose type (an index signature) would lose them. */
type Known<T> = { [K in keyof T as string extends K ? never : K]: T[K] };

/** A recording as the simulator keeps it: without links, which are signed when it is served. */
export type RecordingBase = Omit<Known<Recording>, 'transcripts' | 'video'>;

/** One language of a recording's transcript: the native one or a translation. */
export interface TranscriptVersion {
	langIso2: string;
	isTranscript: boolean;
	isActive: boolean;
	transcript: Transcript;
}

export interface StoredRecording {
	recording: RecordingBase;
	transcripts: TranscriptVersion[];
}

export const SORTS = ['created_asc', 'created_desc', 'duration_asc', 'duration_desc', 'title_asc', 'title_desc'] as const;
export type RecordingSort = (typeof SORTS)[number];

export interface RecordingFilter {
	channelId?: string;
	/** Exclusive bounds on `createdAt`. */
	createdAfter?: Date;
	createdBefore?: Date;
	/** A recording must carry every label listed. */
	labels?: string[];
	recorderEmail?: string;
	recorderId?: string;
}

const clone = <T>(value: T): T => structuredClone(value);

/** In-memory recordings. Everything handed out is a copy, so callers cannot corrupt the store. */
export class RecordingStore {
	private readonly items = new Map<string, StoredRecording>();

	constructor(seed: StoredRecording[] = []) {
		this.load(seed);
	}

	load(seed: StoredRecording[]): void {
		this.items.clear();
		for (const item of seed) this.items.set(item.recording.id, clone(item));
	}

	get(id: string): StoredRecording | undefined {
		const item = this.items.get(id);
		return item && clone(item);
	}

	has(id: string): boolean {
		return this.items.has(id);
	}

	ids(): string[] {
		return [...this.items.keys()];
	}

	put(item: StoredRecording): void {
		this.items.set(item.recording.id, clone(item));
	}

	/**
	 * A new recording made from a stored one (transcripts and all) under another ID, with `changes`
	 * applied (a start time, a state). Undefined when `fromId` is unknown or `changes.id` is taken.
	 */
	addCopy(fromId: string, changes: Partial<RecordingBase> & Pick<RecordingBase, 'id'>): StoredRecording | undefined {
		const from = this.items.get(fromId);
		if (!from || this.items.has(changes.id)) return undefined;
		const copy = clone({ ...from, recording: { ...from.recording, ...changes } });
		this.items.set(changes.id, copy);
		return clone(copy);
	}

	/** Applies a change to a recording (e.g. a new label before a `recording_updated`). */
	update(id: string, change: (recording: RecordingBase) => void): boolean {
		const item = this.items.get(id);
		if (!item) return false;
		change(item.recording);
		return true;
	}

	delete(id: string): boolean {
		return this.items.delete(id);
	}

	channelIds(): Set<string> {
		const ids = new Set<string>();
		for (const { recording } of this.items.values()) if (recording.channel) ids.add(recording.channel.id);
		return ids;
	}

	/** Filtered and sorted; ties are broken by id so pages never overlap. */
	query(filter: RecordingFilter, sort: RecordingSort = 'created_desc'): StoredRecording[] {
		const matches = [...this.items.values()].filter(({ recording: r }) => {
			const created = Date.parse(r.createdAt);
			if (filter.channelId !== undefined && r.channel?.id !== filter.channelId) return false;
			if (filter.createdAfter && !(created > filter.createdAfter.getTime())) return false;
			if (filter.createdBefore && !(created < filter.createdBefore.getTime())) return false;
			if (filter.labels?.length && !filter.labels.every((l) => r.labels.includes(l))) return false;
			if (filter.recorderEmail !== undefined && r.recorder.email.toLowerCase() !== filter.recorderEmail.toLowerCase())
				return false;
			if (filter.recorderId !== undefined && r.recorder.id !== filter.recorderId) return false;
			return true;
		});
		const [field, direction] = sort.split('_') as ['created' | 'duration' | 'title', 'asc' | 'desc'];
		const key = (r: RecordingBase): number | string =>
			field === 'created' ? Date.parse(r.createdAt) : field === 'duration' ? r.durationSeconds : (r.title ?? '').toLowerCase();
		matches.sort((a, b) => {
			const ka = key(a.recording);
			const kb = key(b.recording);
			const byKey = ka < kb ? -1 : ka > kb ? 1 : 0;
			const signed = direction === 'asc' ? byKey : -byKey;
			return signed !== 0 ? signed : a.recording.id < b.recording.id ? -1 : 1;
		});
		return matches.map(clone);
	}
}
