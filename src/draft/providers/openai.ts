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

/** OpenAI Chat Completions (`POST /v1/chat/completions`) with function calling. */
const toolCall = z.object({
  id: z.string(),
  type: z.string().optional(),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

const completion = z.object({
  choices: z
    .array(
      z.object({
        message: z.looseObject({
          role: z.string(),
          content: z.string().nullable().optional(),
          tool_calls: z.array(toolCall).nullable().optional(),
        }),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).partial().optional(),
});

const errorBody = z.object({
  error: z.object({ type: z.string().nullable().optional(), message: z.string() }),
});

type Message = Record<string, unknown>;

export function openaiConversation(input: ConversationInput): Conversation {
  const { settings, tool } = input;
  const messages: Message[] = [
    { role: 'system', content: input.system },
    { role: 'user', content: input.prompt },
  ];
  /** Every tool call of the last answer: the API wants a tool message for each. */
  let lastCallIds: string[] = [];
  return {
    async send(): Promise<ModelTurn> {
      const body = {
        model: settings.model,
        max_completion_tokens: input.maxTokens ?? DEFAULT_MAX_TOKENS,
        messages,
        tools: [
          {
            type: 'function',
            function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
          },
        ],
        tool_choice: { type: 'function', function: { name: tool.name } },
      };
      const json = await postRound(
        input,
        '/v1/chat/completions',
        { authorization: `Bearer ${input.apiKey}` },
        body,
        (status, text) => {
          let why = text.slice(0, 200);
          try {
            const parsed = errorBody.safeParse(JSON.parse(text));
            if (parsed.success) why = `${parsed.data.error.type ?? 'error'}: ${parsed.data.error.message}`;
          } catch {}
          return `The openai API refused the request (HTTP ${status} ${why})${statusHint(status, settings)}.`;
        },
      );
      const parsed = completion.safeParse(json);
      if (!parsed.success) throw unexpectedShape(settings, 'no choices[0].message');
      const message = parsed.data.choices[0]!.message;
      messages.push(message);
      lastCallIds = (message.tool_calls ?? []).map((c) => c.id);
      const call = message.tool_calls?.find((c) => c.function.name === tool.name) ?? message.tool_calls?.[0];
      let turnCall: ModelTurn['call'];
      if (call) {
        try {
          turnCall = { id: call.id, input: JSON.parse(call.function.arguments) as unknown };
        } catch (error) {
          turnCall = {
            id: call.id,
            unreadable: `the arguments of ${call.function.name} are not valid JSON (${(error as Error).message})`,
          };
        }
      }
      return {
        ...(turnCall ? { call: turnCall } : {}),
        text: message.content ?? '',
        usage: {
          input: parsed.data.usage?.prompt_tokens ?? 0,
          output: parsed.data.usage?.completion_tokens ?? 0,
        },
      };
    },
    reply(turn, content, isError) {
      if (turn.call) {
        // Chat Completions has no is_error flag: the words say it.
        messages.push({
          role: 'tool',
          tool_call_id: turn.call.id,
          content: isError ? `Error:\n${content}` : content,
        });
        for (const id of lastCallIds.filter((i) => i !== turn.call?.id)) {
          messages.push({
            role: 'tool',
            tool_call_id: id,
            content: 'Ignored: one call of the tool per answer.',
          });
        }
      } else {
        messages.push({ role: 'user', content });
      }
    },
  };
}
