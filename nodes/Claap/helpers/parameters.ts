import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import type { z } from 'zod/v4';

/** A node parameter checked against a schema, so operations work with typed values. */
export function typedParameter<T extends z.ZodType>(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	schema: T,
	fallback?: unknown,
): z.output<T> {
	const parsed = schema.safeParse(ctx.getNodeParameter(name, itemIndex, fallback));
	if (!parsed.success) {
		const problems = parsed.error.issues
			.map((issue) => `${[name, ...issue.path.map(String)].join('.')}: ${issue.message}`)
			.join('; ');
		throw new NodeOperationError(ctx.getNode(), `Parameter "${name}" is not valid`, { itemIndex, description: problems });
	}
	return parsed.data;
}
