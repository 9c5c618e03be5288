import type { IDataObject } from 'n8n-workflow';

function isJsonValue(value: unknown): boolean {
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
	if (typeof value === 'number') return Number.isFinite(value);
	if (Array.isArray(value)) return value.every(isJsonValue);
	return isDataObject(value);
}

/** A plain JSON object, checked all the way down: what n8n items may hold. */
export function isDataObject(value: unknown): value is IDataObject {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const prototype: unknown = Object.getPrototypeOf(value);
	if (prototype !== Object.prototype && prototype !== null) return false;
	return Object.values(value).every((entry) => entry === undefined || isJsonValue(entry));
}

/** `value` when it is a JSON object, else `{ [key]: value }` when JSON, else undefined. */
export function toDataObject(value: unknown, key: string): IDataObject | undefined {
	if (isDataObject(value)) return value;
	const wrapped = { [key]: value };
	return isDataObject(wrapped) ? wrapped : undefined;
}
