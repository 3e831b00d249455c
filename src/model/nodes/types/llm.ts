import { z } from 'zod';
import { HTTPX, retries, retriesField, secretName, text } from '../common.js';
import { defineNode } from '../definition.js';

export const LLM_PROVIDERS = ['anthropic', 'openai', 'groq'] as const;

/** A chat completion through the provider's REST API; output {text, model, usage}. */
export const llmNode = defineNode({
  type: 'llm',
  category: 'ai',
  label: 'LLM',
  description: 'Chat completion with Anthropic, OpenAI or Groq; output {text, model, usage}.',
  icon: 'sparkles',
  color: '#ec4899',
  outputs: ['out'],
  fields: [
    {
      key: 'provider',
      label: 'Provider',
      kind: 'select',
      required: true,
      options: [
        { value: 'anthropic', label: 'Anthropic' },
        { value: 'openai', label: 'OpenAI' },
        { value: 'groq', label: 'Groq' },
      ],
      default: 'anthropic',
    },
    { key: 'model', label: 'Model', kind: 'text', required: true, placeholder: 'claude-sonnet-4-5' },
    { key: 'system', label: 'System prompt', kind: 'template', required: false },
    {
      key: 'prompt',
      label: 'Prompt',
      kind: 'template',
      required: true,
      placeholder: 'Summarise: {{ input.text }}',
    },
    {
      key: 'apiKeySecret',
      label: 'API key secret',
      kind: 'secret',
      required: true,
      placeholder: 'ANTHROPIC_API_KEY',
    },
    {
      key: 'maxTokens',
      label: 'Max tokens',
      kind: 'number',
      required: false,
      min: 1,
      max: 200_000,
      default: 1024,
    },
    retriesField('429, 502, 503, 504 or 529 (overloaded)'),
  ],
  configSchema: z.object({
    provider: z.enum(LLM_PROVIDERS),
    model: z.string().min(1, 'Model is required'),
    system: z.string().optional(),
    prompt: z.string().min(1, 'Prompt is required'),
    apiKeySecret: secretName,
    maxTokens: z.number().int().min(1).max(200_000).default(1024),
    retries,
  }),
  // Calls the providers' REST APIs through the app's shared httpx pool (no SDK needed).
  packages: () => [HTTPX],
  external: () => true,
  summary: (config) => `${text(config['provider'])} ${text(config['model'])}`.trim() || 'no model yet',
  python: {
    kind: 'step',
    generate(out, config) {
      out.returnAwait(out.runtime('llm_chat'), [
        out.string(config.provider),
        out.string(config.model),
        config.system === undefined || config.system === '' ? 'None' : out.template(config.system, 'system'),
        out.template(config.prompt, 'prompt'),
        out.string(config.apiKeySecret),
        out.number(config.maxTokens),
        out.number(config.retries),
      ]);
    },
  },
});
