import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Anthropic Messages and OpenAI Chat Completions APIs on 127.0.0.1: a real
 * HTTP server in the test process that speaks both request/response shapes, answers from a
 * script, records every request, and refuses (400, like the real APIs) a request whose shape
 * is wrong — so a test passes only if Catalyst sends what the real API would accept.
 */

/** One scripted reply. */
export type Scripted =
  /** A tool call of `submit_workflow` with this input. */
  | { answer: unknown }
  /** OpenAI only: the call's `arguments` string exactly as given (e.g. broken JSON). */
  | { rawArguments: string }
  /** A text answer without any tool call. */
  | { text: string }
  /** An error answer: status, headers (e.g. retry-after), body. */
  | { status: number; headers?: Record<string, string>; body?: unknown };

/** Parsed JSON of a request: the stand-in and the tests read into it freely. */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Json = any;

export interface RecordedRequest {
  api: 'anthropic' | 'openai';
  headers: IncomingMessage['headers'];
  /** The raw body text (what privacy checks search). */
  raw: string;
  body: Json;
}

export interface StandIn {
  /** The base URL to put in CATALYST_LLM_BASE_URL. */
  url: string;
  requests: RecordedRequest[];
  /** Requests the stand-in refused as malformed, with why: a test expects none. */
  refused: string[];
  close(): Promise<void>;
}

export interface StandInOptions {
  /** The key a request must carry (x-api-key or Bearer). */
  key: string;
  script: Scripted[];
}

export async function startStandIn(options: StandInOptions): Promise<StandIn> {
  const requests: RecordedRequest[] = [];
  const refused: string[] = [];
  let next = 0;
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const api =
        req.url === '/v1/messages' ? 'anthropic' : req.url === '/v1/chat/completions' ? 'openai' : null;
      if (req.method !== 'POST' || api === null)
        return send(res, 404, { error: { message: `no route ${req.url}` } });
      let body: Json;
      try {
        body = JSON.parse(raw);
      } catch {
        return refuse(res, api, 'body is not JSON', refused);
      }
      requests.push({ api, headers: req.headers, raw, body });
      const authError = api === 'anthropic' ? anthropicAuth(req, options.key) : openaiAuth(req, options.key);
      if (authError) return send(res, 401, errorBody(api, 'authentication_error', authError));
      const shapeError = api === 'anthropic' ? anthropicShape(body) : openaiShape(body);
      if (shapeError) return refuse(res, api, shapeError, refused);
      const reply = options.script[next++];
      if (!reply) return refuse(res, api, `the script has no answer ${next}`, refused);
      if ('status' in reply) {
        return send(
          res,
          reply.status,
          reply.body ?? errorBody(api, 'overloaded_error', 'Overloaded'),
          reply.headers,
        );
      }
      const toolName: string = api === 'anthropic' ? body.tools[0].name : body.tools[0].function.name;
      const usage = { in: Math.ceil(raw.length / 4), out: Math.ceil(JSON.stringify(reply).length / 4) };
      send(
        res,
        200,
        api === 'anthropic'
          ? anthropicReply(reply, toolName, usage, next)
          : openaiReply(reply, toolName, usage, next),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function refuse(res: ServerResponse, api: 'anthropic' | 'openai', why: string, refused: string[]): void {
  refused.push(why);
  send(res, 400, errorBody(api, 'invalid_request_error', why));
}

function errorBody(api: 'anthropic' | 'openai', type: string, message: string): unknown {
  return api === 'anthropic'
    ? { type: 'error', error: { type, message } }
    : { error: { type, message, code: null } };
}

function anthropicAuth(req: IncomingMessage, key: string): string | undefined {
  if (req.headers['x-api-key'] !== key) return 'invalid x-api-key';
  if (req.headers['anthropic-version'] !== '2023-06-01') return 'anthropic-version header missing or unknown';
  return undefined;
}

function openaiAuth(req: IncomingMessage, key: string): string | undefined {
  return req.headers.authorization === `Bearer ${key}` ? undefined : 'Incorrect API key provided';
}

function anthropicShape(body: Json): string | undefined {
  if (typeof body.model !== 'string' || !body.model) return 'model: Field required';
  if (!Number.isInteger(body.max_tokens) || body.max_tokens < 1) return 'max_tokens: Field required';
  if (body.system !== undefined && typeof body.system !== 'string') return 'system: must be a string';
  if (!Array.isArray(body.messages) || body.messages.length === 0)
    return 'messages: at least one message is required';
  if (
    !Array.isArray(body.tools) ||
    !body.tools.every((t: Json) => t.name && typeof t.input_schema === 'object')
  ) {
    return 'tools: each tool needs name and input_schema';
  }
  if (body.tool_choice?.type !== 'tool' || !body.tools.some((t: Json) => t.name === body.tool_choice.name)) {
    return 'tool_choice: {"type": "tool", "name": <a tool>} expected';
  }
  let previous: Json;
  for (const [i, m] of body.messages.entries()) {
    const want = i % 2 === 0 ? 'user' : 'assistant';
    if (m.role !== want)
      return `messages.${i}.role: roles must alternate between "user" and "assistant", starting with "user"`;
    if (m.role === 'user' && Array.isArray(m.content)) {
      for (const block of m.content) {
        if (block.type !== 'tool_result') continue;
        const used = Array.isArray(previous?.content)
          ? previous.content.filter((b: Json) => b.type === 'tool_use')
          : [];
        if (!used.some((b: Json) => b.id === block.tool_use_id)) {
          return `messages.${i}: tool_result block(s) provided without a matching tool_use in the previous message`;
        }
        if (typeof block.content !== 'string' || typeof (block.is_error ?? false) !== 'boolean') {
          return `messages.${i}: tool_result content must be a string and is_error a boolean`;
        }
      }
    }
    previous = m;
  }
  return undefined;
}

function openaiShape(body: Json): string | undefined {
  if (typeof body.model !== 'string' || !body.model) return 'you must provide a model parameter';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return "'messages' must not be empty";
  if (
    !Array.isArray(body.tools) ||
    !body.tools.every(
      (t: Json) => t.type === 'function' && t.function?.name && typeof t.function.parameters === 'object',
    )
  ) {
    return "tools: each tool needs type 'function' and function.{name, parameters}";
  }
  if (
    body.tool_choice?.type !== 'function' ||
    !body.tools.some((t: Json) => t.function.name === body.tool_choice.function?.name)
  ) {
    return 'tool_choice: {"type": "function", "function": {"name": <a tool>}} expected';
  }
  const open = new Set<string>();
  for (const [i, m] of body.messages.entries()) {
    if (m.role === 'tool') {
      if (!open.delete(m.tool_call_id)) {
        return `messages.[${i}]: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'`;
      }
      continue;
    }
    if (open.size > 0) {
      return `messages.[${i}]: an assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'`;
    }
    for (const c of m.tool_calls ?? []) open.add(c.id);
  }
  return undefined;
}

function anthropicReply(
  reply: Exclude<Scripted, { status: number }>,
  tool: string,
  usage: { in: number; out: number },
  n: number,
): unknown {
  const content =
    'answer' in reply
      ? [{ type: 'tool_use', id: `toolu_stand_in_${n}`, name: tool, input: reply.answer }]
      : [{ type: 'text', text: 'text' in reply ? reply.text : reply.rawArguments }];
  return {
    id: `msg_stand_in_${n}`,
    type: 'message',
    role: 'assistant',
    model: 'stand-in',
    content,
    stop_reason: 'answer' in reply ? 'tool_use' : 'end_turn',
    usage: { input_tokens: usage.in, output_tokens: usage.out },
  };
}

function openaiReply(
  reply: Exclude<Scripted, { status: number }>,
  tool: string,
  usage: { in: number; out: number },
  n: number,
): unknown {
  const args =
    'answer' in reply
      ? JSON.stringify(reply.answer)
      : 'rawArguments' in reply
        ? reply.rawArguments
        : undefined;
  const message =
    args === undefined
      ? { role: 'assistant', content: 'text' in reply ? reply.text : '', refusal: null }
      : {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: [
            { id: `call_stand_in_${n}`, type: 'function', function: { name: tool, arguments: args } },
          ],
        };
  return {
    id: `chatcmpl-stand-in-${n}`,
    object: 'chat.completion',
    created: 1_765_000_000,
    model: 'stand-in',
    choices: [
      { index: 0, message, finish_reason: args === undefined ? 'stop' : 'tool_calls', logprobs: null },
    ],
    usage: { prompt_tokens: usage.in, completion_tokens: usage.out, total_tokens: usage.in + usage.out },
  };
}
