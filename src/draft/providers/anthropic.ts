import { z } from 'zod';
import {
  type Conversation,
  type ConversationInput,
  DEFAULT_MAX_TOKENS,
  type ModelTurn,
  postRound,
  statusHint,
  unexpectedShape,
} from './provider.js';

/** Anthropic Messages API (`POST /v1/messages`, anthropic-version 2023-06-01). */
export const ANTHROPIC_VERSION = '2023-06-01';

const contentBlock = z.union([
  z.object({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.unknown() }),
  z.object({ type: z.literal('text'), text: z.string() }),
  z.looseObject({ type: z.string() }),
]);

const messageResponse = z.object({
  content: z.array(contentBlock),
  usage: z.object({ input_tokens: z.number(), output_tokens: z.number() }).partial().optional(),
});

const errorBody = z.object({ error: z.object({ type: z.string().optional(), message: z.string() }) });

type Block = Record<string, unknown>;
type Message = { role: 'user' | 'assistant'; content: string | Block[] };

export function anthropicConversation(input: ConversationInput): Conversation {
  const { settings, tool } = input;
  const messages: Message[] = [{ role: 'user', content: input.prompt }];
  return {
    async send(): Promise<ModelTurn> {
      const body = {
        model: settings.model,
        max_tokens: input.maxTokens ?? DEFAULT_MAX_TOKENS,
        system: input.system,
        messages,
        tools: [{ name: tool.name, description: tool.description, input_schema: tool.inputSchema }],
        tool_choice: { type: 'tool', name: tool.name },
      };
      const json = await postRound(
        input,
        '/v1/messages',
        { 'x-api-key': input.apiKey, 'anthropic-version': ANTHROPIC_VERSION },
        body,
        (status, text) => {
          const parsed = errorBody.safeParse(safeJson(text));
          const why = parsed.success
            ? `${parsed.data.error.type ?? 'error'}: ${parsed.data.error.message}`
            : text.slice(0, 200);
          return `The anthropic API refused the request (HTTP ${status} ${why})${statusHint(status, settings)}.`;
        },
      );
      const parsed = messageResponse.safeParse(json);
      if (!parsed.success) throw unexpectedShape(settings, 'no content blocks');
      const content = parsed.data.content as Block[];
      messages.push({ role: 'assistant', content });
      const use = content.find((b) => b['type'] === 'tool_use' && b['name'] === tool.name) as
        | { id: string; input: unknown }
        | undefined;
      const text = content
        .filter((b) => b['type'] === 'text')
        .map((b) => String(b['text']))
        .join('\n');
      return {
        ...(use ? { call: { id: use.id, input: use.input } } : {}),
        text,
        usage: {
          input: parsed.data.usage?.input_tokens ?? 0,
          output: parsed.data.usage?.output_tokens ?? 0,
        },
      };
    },
    reply(turn, content, isError) {
      if (turn.call) {
        messages.push({
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: turn.call.id, content, is_error: isError }],
        });
      } else {
        messages.push({ role: 'user', content });
      }
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
