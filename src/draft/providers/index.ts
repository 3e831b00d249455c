import { anthropicConversation } from './anthropic.js';
import { openaiConversation } from './openai.js';
import type { Conversation, ConversationInput } from './provider.js';

export type { Conversation, ConversationInput, ModelTurn, ToolSpec } from './provider.js';

/** A conversation with the provider the settings name. */
export function startConversation(input: ConversationInput): Conversation {
  return input.settings.provider === 'openai' ? openaiConversation(input) : anthropicConversation(input);
}
