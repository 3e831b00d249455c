import { describe, expect, it } from 'vitest';
import { defaultEndpoint, effectiveEndpoint, servedEndpoint } from '../../src/model/endpoint.js';
import { workflow } from './fixtures.js';

describe('endpoints (DESIGN §3)', () => {
  it('a workflow without endpoint is served at POST /api/<slug>', () => {
    const wf = workflow({ id: 'wf_a', name: '  Extract Data! ', visibility: 'public' });
    expect(defaultEndpoint(wf)).toEqual({ method: 'POST', path: '/api/extract_data' });
    expect(effectiveEndpoint(wf)).toEqual({ method: 'POST', path: '/api/extract_data' });
    expect(servedEndpoint(wf)).toEqual({ method: 'POST', path: '/api/extract_data' });
  });

  it('a workflow with an endpoint is served there, whatever its name', () => {
    const wf = workflow({
      id: 'wf_a',
      name: 'Extract Data',
      visibility: 'public',
      endpoint: { method: 'GET', path: '/users/{id}' },
    });
    expect(effectiveEndpoint(wf)).toEqual({ method: 'GET', path: '/users/{id}' });
    expect(servedEndpoint(wf)).toEqual({ method: 'GET', path: '/users/{id}' });
    expect(defaultEndpoint(wf)).toEqual({ method: 'POST', path: '/api/extract_data' });
  });

  it('an internal workflow is served nowhere, with or without an endpoint', () => {
    expect(servedEndpoint(workflow({ id: 'wf_a', name: 'a', visibility: 'internal' }))).toBeUndefined();
    const withEndpoint = workflow({
      id: 'wf_b',
      name: 'b',
      visibility: 'internal',
      endpoint: { method: 'POST', path: '/b' },
    });
    expect(servedEndpoint(withEndpoint)).toBeUndefined();
    expect(effectiveEndpoint(withEndpoint)).toEqual({ method: 'POST', path: '/b' });
  });

  it('a name with nothing usable gets the path /api/workflow', () => {
    expect(defaultEndpoint({ name: '!!!' })).toEqual({ method: 'POST', path: '/api/workflow' });
  });
});
