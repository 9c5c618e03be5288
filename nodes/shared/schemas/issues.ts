import type { z } from 'zod/v4';

import { RecordingSchema } from './recording';

/** One place where data differs from what Claap documents. */
export type ValidationIssue = {
	/** Dotted path inside the checked value, e.g. `meeting.participants.0.attended`; `''` for the value itself. */
	path: string;
	message: string;
};

/** A schema-mismatch report: the data is kept either way, the report says where it differs. */
export type ValidationReport = {
	valid: boolean;
	issues: ValidationIssue[];
};

export type Checked<T> = { success: true; data: T } | { success: false; issues: ValidationIssue[] };

/**
 * zod's issues in the words users see: a missing field reads `required`. Needs issues parsed
 * with `reportInput: true`, or every wrong type would read as missing too.
 */
export const describeIssues = (issues: readonly z.core.$ZodIssue[]): ValidationIssue[] =>
	issues.map((issue) => ({
		path: issue.path.map(String).join('.'),
		message: issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.message,
	}));

/** `value` parsed with `schema`, or the issues in `describeIssues`' words. */
export function checkData<T extends z.ZodType>(schema: T, value: unknown): Checked<z.output<T>> {
	const parsed = schema.safeParse(value, { reportInput: true });
	return parsed.success ? { success: true, data: parsed.data } : { success: false, issues: describeIssues(parsed.error.issues) };
}

const MAX_LISTED = 5;

/** `path: message; path: message`, the first five, for error descriptions. `under` prefixes every path. */
export function formatIssues(issues: readonly ValidationIssue[], under?: string): string {
	const listed = issues.slice(0, MAX_LISTED).map(({ path, message }) => {
		const where = [under, path].filter((part) => part !== undefined && part !== '').join('.');
		return where === '' ? message : `${where}: ${message}`;
	});
	const more = issues.length - MAX_LISTED;
	return more > 0 ? `${listed.join('; ')}; and ${more} more` : listed.join('; ');
}

/** Checks a recording against Claap's documented schema; the recording itself is never changed. */
export function validateRecording(recording: unknown): ValidationReport {
	const checked = checkData(RecordingSchema, recording);
	return checked.success ? { valid: true, issues: [] } : { valid: false, issues: checked.issues };
}
