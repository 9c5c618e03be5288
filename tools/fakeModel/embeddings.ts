/**
 * Deterministic embeddings: a hashed bag of words. Each word (lower-cased letters and digits) adds
 * one to a bucket picked by its hash, with a sign from the hash too; the vector is then scaled to
 * length 1. Texts that share words get a higher cosine similarity, so a vector store's search
 * finds the passage that shares most words with the query, as a real embedding model would for
 * such plain cases. The same text always gives the same vector.
 */

export const DEFAULT_DIMENSIONS = 256;

/** FNV-1a, 32 bits. */
function hash(word: string): number {
	let value = 0x811c9dc5;
	for (let index = 0; index < word.length; index++) {
		value ^= word.charCodeAt(index);
		value = Math.imul(value, 0x01000193);
	}
	return value >>> 0;
}

export const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

export function embed(text: string, dimensions = DEFAULT_DIMENSIONS): number[] {
	const vector = new Array<number>(dimensions).fill(0);
	for (const word of words(text)) {
		const value = hash(word);
		vector[value % dimensions] += value & 0x80000000 ? -1 : 1;
	}
	const norm = Math.hypot(...vector);
	return norm === 0 ? vector : vector.map((component) => component / norm);
}

export function cosine(a: readonly number[], b: readonly number[]): number {
	return a.reduce((sum, component, index) => sum + component * (b[index] ?? 0), 0);
}

/** OpenAI's `encoding_format: "base64"`: the vector's little-endian float32 bytes. */
export const toBase64 = (vector: readonly number[]): string => Buffer.from(new Float32Array(vector).buffer).toString('base64');

/** The texts of an embeddings request's `input`: a string or an array of strings (token arrays are not texts). */
export function inputTexts(input: unknown): string[] | undefined {
	if (typeof input === 'string') return [input];
	if (Array.isArray(input) && input.every((entry) => typeof entry === 'string')) return input;
	return undefined;
}
