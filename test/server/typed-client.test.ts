import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/web/api/api-error.js';
import { createClient, unwrap } from '../../src/web/api/client.js';
import { type StudioFixture, startFixture, TEST_TOKEN } from './support/studio-fixture.js';

/** The page's own client (hc<AppType>) against the real server: paths and types come from the routes. */
describe('typed API client', () => {
  let f: StudioFixture;
  beforeAll(async () => {
    f = await startFixture();
    await f.demo();
  });
  afterAll(() => f.close());

  it('calls the API with the token and returns typed bodies', async () => {
    const api = createClient(`${f.studio.origin}/api`, () => TEST_TOKEN);
    const { projects } = await unwrap(api.projects.$get());
    const demo = projects[0]!;
    const { project } = await unwrap(api.projects[':projectId'].$get({ param: { projectId: demo.id } }));
    expect(project.workflows.find((w) => w.name === 'main_workflow')?.endpoint?.path).toBe('/api/main');
  });

  it('turns a refusal into an ApiError with the field problems', async () => {
    const api = createClient(`${f.studio.origin}/api`, () => TEST_TOKEN);
    const error = await unwrap(api.projects.$post({ json: { name: '', description: '' } })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).fieldMessage('name')).toBe('Project name is required');
  });

  it('without the token, says how to get one', async () => {
    const api = createClient(`${f.studio.origin}/api`, () => null);
    await expect(unwrap(api.projects.$get())).rejects.toThrow(
      'Missing or wrong studio token: open the studio through the URL it printed.',
    );
  });
});
