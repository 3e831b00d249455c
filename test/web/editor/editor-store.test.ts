import { afterAll, describe, expect, it } from 'vitest';

describe('the editor store', () => {
  afterAll(() => {
    Reflect.deleteProperty(globalThis, 'window');
  });

  it('keeps no run failure of its own: the Run trace marks failed nodes (the old Run route is gone)', async () => {
    // The store's API client reads the page's token from window at import; nothing is fetched here.
    const storage = new Map<string, string>();
    Object.assign(globalThis, {
      window: {
        location: { search: '', origin: 'http://127.0.0.1:1', href: 'http://127.0.0.1:1/#/' },
        sessionStorage: {
          getItem: (k: string) => storage.get(k) ?? null,
          setItem: (k: string, v: string) => storage.set(k, v),
        },
        history: { replaceState: () => {} },
      },
    });
    const { useEditor } = await import('../../../src/web/editor/editor-store.js');
    const state = useEditor.getState() as unknown as Record<string, unknown>;
    expect(Object.keys(state)).toContain('problems');
    expect(state).not.toHaveProperty('failedNodes');
    expect(state).not.toHaveProperty('setFailedNodes');
  });
});
