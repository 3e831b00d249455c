import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type StandIn, startStandIn } from './support/llm-stand-in.js';
import { shopSandbox } from './support/shop-project.js';

/**
 * Realistic prompts with a recorded model answer per round (test/fixtures/drafts, see its
 * README), replayed through the stand-in API: every one must validate after repair and
 * compile, and each repair round must have been told the problem the recorded mistake causes.
 */
interface Fixture {
  prompt: string;
  provider?: 'anthropic' | 'openai';
  workflow?: string;
  target?: string;
  rounds: unknown[];
  /** Per repair round, a text the problems sent back must contain. */
  expectedProblems: string[];
}

const FOLDER = join(__dirname, '../fixtures/drafts');
const FIXTURES = readdirSync(FOLDER)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, fixture: JSON.parse(readFileSync(join(FOLDER, file), 'utf8')) as Fixture }));
const KEY = 'sk-recorded';

let api: StandIn | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('recorded prompts replayed through the stand-in API', () => {
  it('has at least 15 prompts, some of which need a repair', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(15);
    expect(FIXTURES.filter(({ fixture }) => fixture.rounds.length > 1).length).toBeGreaterThanOrEqual(5);
    for (const { fixture } of FIXTURES)
      expect(fixture.expectedProblems).toHaveLength(fixture.rounds.length - 1);
  });

  it.each(FIXTURES)('$file validates after repair and compiles', async ({ fixture }) => {
    const provider = fixture.provider ?? 'anthropic';
    api = await startStandIn({ key: KEY, script: fixture.rounds.map((answer) => ({ answer })) });
    const box = await shopSandbox({
      CATALYST_LLM_PROVIDER: provider,
      CATALYST_LLM_BASE_URL: api.url,
      [provider === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY']: KEY,
    });
    const args = ['draft', fixture.prompt, '--project', box.dir, '--yes', '--json'];
    if (fixture.workflow) args.push('--workflow', fixture.workflow);
    if (fixture.target) args.push('--target', fixture.target);

    const res = await box.run(args);

    expect(res.stderr.split('\n').filter((l) => l.startsWith('error'))).toEqual([]);
    const result = JSON.parse(res.stdout);
    expect(result.problems).toEqual([]);
    expect(res.code).toBe(0);
    expect(result).toMatchObject({ ok: true, written: true, rounds: fixture.rounds.length - 1 });
    expect(Object.keys(result.stages)).toContain('compile');
    expect(api.refused).toEqual([]);
    expect(api.requests).toHaveLength(fixture.rounds.length);
    fixture.expectedProblems.forEach((text, i) => {
      const messages = api!.requests[i + 1]!.body.messages;
      const last = messages.at(-1);
      const feedback = provider === 'openai' ? last.content : last.content[0].content;
      if (provider === 'anthropic') expect(last.content[0].is_error).toBe(true);
      expect(feedback).toContain(text);
    });
    const validate = await box.run(['validate', '--project', box.dir]);
    expect(validate.stdout + validate.stderr).toContain('is valid');
  });
});
