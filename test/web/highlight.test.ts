import { describe, expect, it } from 'vitest';
import { highlight } from '../../src/web/preview/highlight.js';

describe('code highlighting', () => {
  it('colours Python and escapes the text it is given', async () => {
    const html = await highlight('def main():\n    return "<b>"\n', 'python');
    expect(html).toContain('<pre class="shiki github-light"');
    expect(html).toMatch(/<span style="color:#[0-9A-Fa-f]{6}">def<\/span>/);
    expect(html).toContain('&#x3C;b>');
    expect(html).not.toContain('<b>');
  });

  it('falls back to plain text for a language it did not load', async () => {
    const html = await highlight('fastapi>=0.92\n', 'text');
    expect(html).toContain('fastapi>=0.92');
    expect(html).not.toMatch(/color:#D73A49/i);
  });
});
