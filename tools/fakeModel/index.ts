export { startFakeModel } from './server';
export type { FakeModel, FakeModelOptions, ModelRequest } from './server';
export type { Conversation, Message, ToolCall, ToolSpec } from './conversation';
export type { Reply, Turn } from './script';
export { cosine, embed } from './embeddings';
