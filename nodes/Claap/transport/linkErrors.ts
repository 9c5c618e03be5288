import { NodeApiError, type INode } from 'n8n-workflow';

/** A pre-signed link, as the messages name it. */
export interface LinkInMessages {
	url: string;
	/** What the link serves, for messages: `transcript`, `video`. */
	what: string;
}

export const FRESH_LINKS =
	"Claap's pre-signed links last 24 hours. Get fresh ones with Recording > Get (Claap API credential), or ask Claap to deliver the event again with Webhook > Trigger (Claap Webhook credential).";

const host = (url: string) => new URL(url).host;

export function expiredLinkError(node: INode, link: LinkInMessages, reason: string, status?: number): NodeApiError {
	return new NodeApiError(
		node,
		{ status: status ?? null, host: host(link.url) },
		{
			message: `The ${link.what} link ${reason}`,
			description: FRESH_LINKS,
			...(status === undefined ? {} : { httpCode: String(status) }),
		},
	);
}

/**
 * The error for a final non-2xx answer of a storage host. A 404 from a link whose own signature
 * is still valid (`signedUntil`, read from the link) is a missing file, not an expired link:
 * fresh links would not help.
 */
export function linkStatusError(
	node: INode,
	link: LinkInMessages,
	status: number,
	attempts: number,
	context: { signedUntil?: number; now: number },
): NodeApiError {
	if (status === 404 && context.signedUntil !== undefined && context.signedUntil > context.now) {
		return new NodeApiError(
			node,
			{ status, host: host(link.url) },
			{
				message: `The ${link.what} file was not found at its link (404)`,
				description: `The link is signed until ${new Date(context.signedUntil).toISOString()}, so the file itself is missing at the storage host: the recording may have been deleted, or its ${link.what} may not be ready yet. Check the recording in Claap, or get it again with Recording > Get.`,
				httpCode: String(status),
			},
		);
	}
	if (status === 403 || status === 404 || status === 410) {
		return expiredLinkError(node, link, `has expired or is no longer valid (${status})`, status);
	}
	return new NodeApiError(
		node,
		{ status, host: host(link.url) },
		{
			message: `The storage host answered ${status} for the ${link.what} link${attempts > 1 ? ` after ${attempts} attempt(s)` : ''}`,
			httpCode: String(status),
		},
	);
}
