import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import type { Recording, Transcript } from '../nodes/shared/schemas';
import type { SimRequest, SimResponse } from './http';
import type { RecordingStore, StoredRecording } from './store';

export type LinkCheck = 'ok' | 'expired' | 'tampered';

/**
 * Pre-signed links like Claap's S3 ones: `?expires=<epoch s>&signature=<hmac>`. The link is
 * its own authorisation, which is why the link routes never look at Claap credentials.
 *
 * "Expire every link now" bumps a generation that is part of the signed text: links signed
 * under an older generation are answered as expired (not as tampered), new ones work.
 */
export class LinkSigner {
	private readonly secret = randomBytes(32);
	private generation = 0;

	constructor(
		private readonly baseUrl: () => string,
		private readonly ttlSeconds: number,
	) {}

	sign(path: string): string {
		const expires = Math.floor(Date.now() / 1000) + this.ttlSeconds;
		const signature = this.signature(this.generation, path, expires);
		return `${this.baseUrl()}${path}?expires=${expires}&signature=${signature}`;
	}

	check(path: string, query: URLSearchParams): LinkCheck {
		const expires = Number(query.get('expires'));
		const signature = query.get('signature') ?? '';
		if (!Number.isInteger(expires) || !/^[0-9a-f]{64}$/.test(signature)) return 'tampered';
		for (let g = this.generation; g >= 0; g--) {
			if (!equal(this.signature(g, path, expires), signature)) continue;
			if (g !== this.generation) return 'expired';
			return expires * 1000 <= Date.now() ? 'expired' : 'ok';
		}
		return 'tampered';
	}

	expireAll(): void {
		this.generation++;
	}

	private signature(generation: number, path: string, expires: number): string {
		return createHmac('sha256', this.secret).update(`${generation}\n${path}\n${expires}`).digest('hex');
	}
}

const equal = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export const transcriptPath = (id: string, lang: string, ext: 'json' | 'txt') =>
	`/_links/transcripts/${encodeURIComponent(id)}/${encodeURIComponent(lang)}.${ext}`;
export const videoPath = (id: string) => `/_links/videos/${encodeURIComponent(id)}.mp4`;
export const uploadPath = (id: string, what: 'media' | 'transcript') =>
	`/_links/uploads/${encodeURIComponent(id)}/${what}`;

/** A Recording as Claap serves it: the stored fields plus freshly signed links. */
export function presentRecording(stored: StoredRecording, links: LinkSigner): Recording {
	const { id } = stored.recording;
	return {
		...stored.recording,
		transcripts: stored.transcripts.map((t) => ({
			url: links.sign(transcriptPath(id, t.langIso2, 'json')),
			textUrl: links.sign(transcriptPath(id, t.langIso2, 'txt')),
			isActive: t.isActive,
			isTranscript: t.isTranscript,
			langIso2: t.langIso2,
		})),
		video: { url: links.sign(videoPath(id)) },
	};
}

/** The plain-text rendering behind `textUrl` and the REST API's `format=text`. */
export function transcriptText(transcript: Transcript): string {
	return transcript.segments
		.map((s) => `[${clock(s.startedAt)}] ${s.speaker ? `${s.speaker}: ` : ''}${s.text}`)
		.join('\n')
		.concat('\n');
}

const clock = (seconds: number) => {
	const s = Math.floor(seconds);
	return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/**
 * A few KB that start like an MP4 (an `ftyp` box, then `free` and `mdat`), deterministic per
 * recording so a download can be compared byte for byte. Not playable, and not meant to be.
 */
export function generatedVideo(recordingId: string, size = 4096): Buffer {
	const out = Buffer.alloc(size);
	const ftyp = Buffer.concat([
		u32(32),
		Buffer.from('ftypisom'),
		u32(0x200),
		Buffer.from('isomiso2avc1mp41'),
	]);
	ftyp.copy(out, 0);
	Buffer.concat([u32(8), Buffer.from('free')]).copy(out, 32);
	Buffer.concat([u32(size - 40), Buffer.from('mdat')]).copy(out, 40);
	let seed = createHmac('sha256', 'claap-simulator').update(recordingId).digest();
	for (let offset = 48; offset < size; offset += seed.length) {
		seed.copy(out, offset, 0, Math.min(seed.length, size - offset));
		seed = createHmac('sha256', 'claap-simulator').update(seed).digest();
	}
	return out;
}

const u32 = (n: number) => {
	const b = Buffer.alloc(4);
	b.writeUInt32BE(n);
	return b;
};

/** S3 answers link problems with 403 and an XML body; so does the simulator. */
function s3Error(status: number, code: string, message: string): SimResponse {
	const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${randomBytes(8).toString('hex').toUpperCase()}</RequestId></Error>\n`;
	return { status, headers: { 'content-type': 'application/xml' }, body };
}

export interface LinkRoutes {
	transcript(req: SimRequest): SimResponse;
	video(req: SimRequest): SimResponse;
	upload(req: SimRequest): SimResponse;
}

export function linkRoutes(store: RecordingStore, links: LinkSigner): LinkRoutes {
	const denied = (req: SimRequest): SimResponse | undefined => {
		const check = links.check(req.path, req.query);
		if (check === 'expired') return s3Error(403, 'AccessDenied', 'Request has expired');
		if (check === 'tampered')
			return s3Error(403, 'AccessDenied', 'The request signature we calculated does not match the signature you provided');
		return undefined;
	};
	const noSuchKey = () => s3Error(404, 'NoSuchKey', 'The specified key does not exist.');

	return {
		transcript(req) {
			const refusal = denied(req);
			if (refusal) return refusal;
			const match = /^(.+)\.(json|txt)$/.exec(req.params.file);
			const version = match && store.get(req.params.recordingId)?.transcripts.find((t) => t.langIso2 === match[1]);
			if (!match || !version) return noSuchKey();
			return match[2] === 'json'
				? { status: 200, body: version.transcript }
				: { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: transcriptText(version.transcript) };
		},
		video(req) {
			const refusal = denied(req);
			if (refusal) return refusal;
			const id = req.params.file.replace(/\.mp4$/, '');
			if (!store.has(id)) return noSuchKey();
			return { status: 200, headers: { 'content-type': 'video/mp4' }, body: generatedVideo(id) };
		},
		// The PUT target of `upload.url`: the media arriving moves the recording to Uploaded.
		upload(req) {
			const refusal = denied(req);
			if (refusal) return refusal;
			const id = req.params.recordingId;
			if (!store.has(id)) return noSuchKey();
			if (req.params.what === 'media') store.update(id, (r) => (r.state = 'Uploaded'));
			return { status: 200, headers: { etag: `"${randomBytes(8).toString('hex')}"` }, body: '' };
		},
	};
}
