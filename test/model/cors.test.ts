import { describe, expect, it } from 'vitest';
import { effectiveCors } from '../../src/model/cors.js';
import { loadProject } from '../../src/model/load.js';
import type { Problem } from '../../src/model/project-files.js';
import { demoProject, sourceOf } from './fixtures.js';

/** The problems of the demo project with `cors` set on its production target, as a user sees them. */
function problemsWith(cors: unknown): Array<Pick<Problem, 'file' | 'path' | 'message'>> {
  const source = sourceOf(demoProject());
  const manifest = JSON.parse(source.manifest.text);
  manifest.deploymentTargets.production.cors = cors;
  source.manifest.text = JSON.stringify(manifest, null, 2);
  return loadProject(source).problems.map(({ file, path, message }) => ({ file, path, message }));
}

const AT = (path: string, message: string) => ({
  file: 'catalyst.json',
  path: `$.deploymentTargets.production.cors${path}`,
  message,
});

describe('deploymentTargets.<id>.cors', () => {
  it('accepts origins, methods, headers, credentials and max age, and loads them', () => {
    const cors = {
      allowOrigins: [
        'https://app.example.com',
        'http://localhost:5173',
        'http://[::1]:8080',
        'capacitor://localhost',
      ],
      allowMethods: ['GET', 'POST'],
      allowHeaders: ['Content-Type', 'X-Api-Key'],
      allowCredentials: true,
      maxAge: 3600,
    };
    expect(problemsWith(cors)).toEqual([]);
    expect(problemsWith({ allowOrigins: ['*'] })).toEqual([]);
  });

  it('fills the defaults the app applies', () => {
    expect(effectiveCors({ allowOrigins: ['https://a.example'] })).toEqual({
      allowOrigins: ['https://a.example'],
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowHeaders: ['Content-Type', 'Authorization', 'X-Request-ID'],
      allowCredentials: false,
      maxAge: 600,
    });
  });

  it('"*" with credentials is refused at the "*"', () => {
    expect(problemsWith({ allowOrigins: ['https://a.example', '*'], allowCredentials: true })).toEqual([
      AT(
        '.allowOrigins[1]',
        '"*" (every origin) cannot be combined with allowCredentials: true, browsers refuse it: list the origins that may send credentials, or set allowCredentials to false',
      ),
    ]);
  });

  it.each([
    [
      'https://app.example.com/',
      'Origin "https://app.example.com/" has a path: browsers send only scheme://host[:port], so write https://app.example.com',
    ],
    [
      'https://app.example.com/api',
      'Origin "https://app.example.com/api" has a path: browsers send only scheme://host[:port], so write https://app.example.com',
    ],
    [
      'https://App.Example.com',
      'Origin "https://App.Example.com" has capital letters; browsers send origins in lower case: write https://app.example.com',
    ],
    [
      'https://a.example:443',
      'Origin "https://a.example:443" names the default port of https, which browsers leave out: write https://a.example',
    ],
    [
      'http://a.example:70000',
      'Origin "http://a.example:70000" has port 70000, which is not a port (1–65535)',
    ],
    [
      'https://*.example.com',
      'Origin "https://*.example.com" has a wildcard: only "*" alone (every origin) is allowed; list each origin instead',
    ],
    [
      'app.example.com',
      'Origin "app.example.com" is not an origin: write scheme://host[:port], e.g. https://app.example.com or http://localhost:5173',
    ],
    [
      'null',
      'Origin "null" is what sandboxed pages and files send; allowing it would allow all of them: list real origins instead',
    ],
  ])('refuses the origin %s, saying what to write', (origin, message) => {
    expect(problemsWith({ allowOrigins: ['https://ok.example', origin] })).toEqual([
      AT('.allowOrigins[1]', message),
    ]);
  });

  it('refuses an empty origin list, unknown methods, bad header names, a bad max age and unknown keys', () => {
    expect(problemsWith({ allowOrigins: [] })).toEqual([
      AT(
        '.allowOrigins',
        'allowOrigins needs at least one origin, e.g. ["https://app.example.com"]; remove cors to allow none',
      ),
    ]);
    expect(
      problemsWith({
        allowOrigins: ['https://a.example'],
        allowMethods: ['FETCH'],
        allowHeaders: ['Bad Header'],
        maxAge: 100_000,
        allowOrigin: ['https://typo.example'],
      }),
    ).toEqual([
      AT('.allowMethods[0]', 'allowMethods holds HTTP methods: GET, POST, PUT, PATCH, DELETE'),
      AT('.allowHeaders[0]', 'allowHeaders holds header names such as Content-Type, or "*" for any header'),
      AT('.maxAge', 'maxAge must be at most 86400 seconds (one day)'),
      AT('', "Unknown field 'allowOrigin': remove it"),
    ]);
  });
});
