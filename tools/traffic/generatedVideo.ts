import { createHash } from 'node:crypto';

import { rng } from './payload';

/**
 * The bytes of a generated video of any size, computed on demand and never held whole: 64 KiB
 * blocks of one seeded pseudo-random pattern, each starting with its own offset, so a block lost,
 * repeated or out of order changes the checksum (a constant filler would hide all three).
 */
export const VIDEO_BLOCK = 64 * 1024;

const PATTERN = (() => {
	const random = rng(2026);
	const pattern = Buffer.allocUnsafe(VIDEO_BLOCK);
	for (let i = 0; i < VIDEO_BLOCK; i += 4) pattern.writeUInt32LE(Math.floor(random() * 2 ** 32), i);
	return pattern;
})();

/** Block `index` of every generated video (the last one of a video is cut to its size). */
export function videoBlock(index: number): Buffer {
	const block = Buffer.from(PATTERN);
	block.writeBigUInt64BE(BigInt(index) * BigInt(VIDEO_BLOCK), 0);
	return block;
}

/** The first `end` bytes of a `size`-byte generated video, block by block (a fresh Buffer each). */
export function* videoChunks(size: number, end = size): Generator<Buffer> {
	const stop = Math.min(size, end);
	for (let offset = 0, index = 0; offset < stop; offset += VIDEO_BLOCK, index++) {
		const block = videoBlock(index);
		yield stop - offset >= VIDEO_BLOCK ? block : block.subarray(0, stop - offset);
	}
}

const digests = new Map<number, string>();

/** SHA-256 (hex) of the `size`-byte generated video, computed once per size. */
export function videoSha256(size: number): string {
	let digest = digests.get(size);
	if (digest === undefined) {
		const hash = createHash('sha256');
		for (const chunk of videoChunks(size)) hash.update(chunk);
		digest = hash.digest('hex');
		digests.set(size, digest);
	}
	return digest;
}
