/** A file name from a recording title: no path separators or characters file systems refuse. */
export function fileNameFor(title: string | undefined, fallback: string, extension: string): string {
	const base = (title ?? '')
		.replace(/[\\/:*?"<>|\u0000-\u001f]/gu, ' ')
		.replace(/\s+/gu, ' ')
		.trim()
		.replace(/^\.+/u, '')
		.slice(0, 120)
		.trim();
	return `${base === '' ? fallback : base}.${extension}`;
}

/** The extension of a URL's path (`mp4` for `.../rec.mp4?sig=...`), if it has a short one. */
export function urlExtension(url: string): string | undefined {
	try {
		const match = /\.([a-z0-9]{2,5})$/iu.exec(new URL(url).pathname);
		return match?.[1]?.toLowerCase();
	} catch {
		return undefined;
	}
}

const MEDIA_TYPES: Record<string, string> = {
	aac: 'audio/aac',
	avi: 'video/x-msvideo',
	m4a: 'audio/mp4',
	mov: 'video/quicktime',
	mp3: 'audio/mpeg',
	mp4: 'video/mp4',
	wav: 'audio/wav',
	webm: 'video/webm',
	wmv: 'video/x-ms-wmv',
};

/** The media type: the server's when it names one, else the extension's (storage often says octet-stream). */
export function mediaType(contentType: string | undefined, extension: string): string {
	const declared = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
	if (declared.startsWith('video/') || declared.startsWith('audio/')) return declared;
	return MEDIA_TYPES[extension] ?? 'video/mp4';
}
