import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WORKFLOW_IDS } from '../../src/model/demo.js';
import { DEFAULT_RUN_TIMEOUT_MS, runTimeoutMs } from '../../src/server/run/run-timeout.js';
import { NAP_NODE } from '../fixtures/nap-workflow.js';
import { alive, RunStudio } from '../fixtures/run-studio.js';

/**
 * A studio Run has a time limit: a workflow that never finishes (here a code node blocking
 * Python for an hour) fails at the limit, naming the workflow, goes into the run history,
 * and the next Run works on a fresh process. The limit is the studio's CATALYST_RUN_TIMEOUT.
 */
describe('studio Run time limit (real Python)', () => {
  let s: RunStudio;
  let base: string;
  let sleeper: string;
  const main = DEMO_WORKFLOW_IDS.main;

  beforeAll(async () => {
    s = await RunStudio.create('run-timeout', { ...process.env, CATALYST_RUN_TIMEOUT: '3' });
    base = s.workflows;
    // Blocks the whole Python process: nothing inside it could stop this run.
    sleeper = await s.addWorkflow('Sleeper', { nap: NAP_NODE });
  });
  afterAll(() => s.dispose());

  it('fails a run that does not finish, names the workflow, keeps it, and the next Run works', async () => {
    const first = await s.call('POST', `${base}/${main}/runs`, { input: { userId: 1 } });
    expect(first.status, first.text).toBe(200);
    expect(first.body.run.trace.status).toBe('ok');
    const busy = s.pid()!;
    expect(alive(busy)).toBe(true);

    const stuck = await s.call('POST', `${base}/${sleeper}/runs`, { input: {} });
    expect(stuck.status, stuck.text).toBe(200);
    const trace = stuck.body.run.trace;
    expect(trace).toMatchObject({ workflow: 'Sleeper', status: 'error', result: null, nodes: [] });
    // Said in so many words: stopped at the limit, no answer (not a run that answered 400 or 500).
    expect(stuck.body.run.timedOut).toBe(true);
    expect(stuck.body.run.answerStatus).toBeUndefined();
    expect(trace.error).toBe(
      'Run of Sleeper stopped after 3 s: it did not finish (a node may loop or wait forever). The next Run starts a fresh Python process. The limit is 3 s; set CATALYST_RUN_TIMEOUT (seconds) before starting the studio to change it.',
    );
    // The process that was stuck is gone, not left sleeping; a new one is starting already.
    expect(alive(busy)).toBe(false);
    expect(s.pid()).not.toBe(busy);

    const history = await s.call('GET', `${base}/${sleeper}/runs`);
    expect(history.body.runs).toHaveLength(1);
    expect(history.body.runs[0]).toMatchObject({ id: stuck.body.run.id, status: 'error', timedOut: true });
    expect(history.body.runs[0].answerStatus).toBeUndefined();
    const kept = await s.call('GET', `${base}/${sleeper}/runs/${stuck.body.run.id}`);
    expect(kept.body.run.trace.error).toBe(trace.error);
    expect(kept.body.run.timedOut).toBe(true);

    // Restarted without waiting for the next Run (bounded wait: generation, then Python's imports).
    await expect.poll(() => s.pid(), { timeout: 60_000, interval: 100 }).toBeDefined();
    const restarted = s.pid()!;
    expect(restarted).not.toBe(busy);
    const next = await s.call('POST', `${base}/${main}/runs`, { input: { userId: 2 } });
    expect(next.status, next.text).toBe(200);
    expect(next.body.run.trace.status).toBe('ok');
    expect(next.body.run.trace.nodes[1].calls[0].nodes[1].output.customer).toBe('User 2');
    expect(s.pid()).toBe(restarted);
    expect(s.starts()).toBe(2);
  });
});

describe('CATALYST_RUN_TIMEOUT', () => {
  it('is 60 s when unset, in seconds when set', () => {
    expect(runTimeoutMs({})).toBe(DEFAULT_RUN_TIMEOUT_MS);
    expect(DEFAULT_RUN_TIMEOUT_MS).toBe(60_000);
    expect(runTimeoutMs({ CATALYST_RUN_TIMEOUT: ' 2.5 ' })).toBe(2500);
  });

  it('refuses a value that is not a positive number of seconds, saying what to set', () => {
    for (const bad of ['0', '-1', 'ten', '1e9']) {
      expect(() => runTimeoutMs({ CATALYST_RUN_TIMEOUT: bad })).toThrow(
        `CATALYST_RUN_TIMEOUT must be a number of seconds from more than 0 to 86400 (how long a studio Run may take), not "${bad}". Unset it for the default of 60 s.`,
      );
    }
  });
});
