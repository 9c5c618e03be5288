import type { z } from 'zod/v4';

import { RecordingSchema } from '../schemas';

export interface ValidationIssue {
	/** Dotted path inside the recording, e.g. `meeting.participants.0.attended`. */
	path: string;
	message: string;
}

export interface ValidationReport {
	valid: boolean;
	issues: ValidationIssue[];
}

export const describeIssues = (issues: readonly z.core.$ZodIssue[]): ValidationIssue[] =>
	issues.map((issue) => ({
		path: issue.path.map(String).join('.'),
		message: issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.message,
	}));

/** Checks a recording against Claap's documented schema; the recording itself is never changed. */
export function validateRecording(recording: unknown): ValidationReport {
	// reportInput: without it zod leaves `issue.input` unset, and every wrong type reads as "required".
	const parsed = RecordingSchema.safeParse(recording, { reportInput: true });
	return parsed.success
		? { valid: true, issues: [] }
		: { valid: false, issues: describeIssues(parsed.error.issues) };
}
