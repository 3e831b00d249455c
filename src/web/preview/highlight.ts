import type { HighlighterCore } from 'shiki/core';

/** Languages a generated app contains; nothing else is loaded. */
export const HIGHLIGHT_LANGUAGES = [
  'python',
  'json',
  'yaml',
  'toml',
  'dockerfile',
  'ini',
  'dotenv',
  'markdown',
] as const;

let highlighter: Promise<HighlighterCore> | null = null;

/** Shiki is loaded on first use only (it is large), with the JavaScript regex engine (no wasm). */
function load(): Promise<HighlighterCore> {
  highlighter ??= (async () => {
    const [{ createHighlighterCore }, { createJavaScriptRegexEngine }] = await Promise.all([
      import('shiki/core'),
      import('shiki/engine/javascript'),
    ]);
    return createHighlighterCore({
      themes: [import('shiki/themes/github-light.mjs')],
      langs: [
        import('shiki/langs/python.mjs'),
        import('shiki/langs/json.mjs'),
        import('shiki/langs/yaml.mjs'),
        import('shiki/langs/toml.mjs'),
        import('shiki/langs/dockerfile.mjs'),
        import('shiki/langs/ini.mjs'),
        import('shiki/langs/dotenv.mjs'),
        import('shiki/langs/markdown.mjs'),
      ],
      engine: createJavaScriptRegexEngine(),
    });
  })();
  return highlighter;
}

/** HTML for `code`; shiki escapes the text, so generated content cannot inject markup. */
export async function highlight(code: string, language: string): Promise<string> {
  const h = await load();
  const lang = (HIGHLIGHT_LANGUAGES as readonly string[]).includes(language) ? language : 'text';
  return h.codeToHtml(code, { lang, theme: 'github-light' });
}
