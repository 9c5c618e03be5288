import type { IDisplayOptions, IExecuteFunctions } from 'n8n-workflow';

/**
 * Whether this run is an AI agent calling the node as a tool: n8n derives the "Claap Tool"
 * (type `<package>.claapTool`) from `usableAsTool`, and runs the same code for it.
 */
export const runsAsTool = (ctx: IExecuteFunctions): boolean => ctx.getNode().type.endsWith('Tool');

/** Displayed only on the Claap Tool, or only on the Claap node (n8n's `@tool` condition). */
export const onlyAsTool: IDisplayOptions = { show: { '@tool': [true] } };
export const notAsTool: IDisplayOptions = { hide: { '@tool': [true] } };
