import { describe, expect, it } from 'vitest';
import { closest, didYouMean } from '../../src/model/near-miss.js';

describe('closest', () => {
  const table: Array<[string, string[], string | undefined]> = [
    ['transfrom', ['transform', 'code'], 'transform'],
    ['inputs', ['input', 'trigger'], 'input'],
    ['Input', ['input', 'trigger'], 'input'],
    ['nod', ['nodes', 'env'], undefined],
    ['envs', ['nodes', 'env'], 'env'],
    ['foo', ['input', 'trigger', 'nodes', 'env', 'secrets'], undefined],
    ['prod', ['production', 'staging'], undefined],
    ['API_BAS', ['LOG_LEVEL', 'API_BASE'], 'API_BASE'],
    ['x', ['y'], 'y'],
    ['same', ['same'], undefined],
    ['anything', [], undefined],
  ];

  it.each(table)('%s among %j', (word, candidates, expected) => {
    expect(closest(word, candidates)).toBe(expected);
  });

  it('prefers the nearer candidate, then the earlier one', () => {
    expect(closest('abcde', ['abxyz', 'abcdx', 'abcdy'])).toBe('abcdx');
  });
});

describe('didYouMean', () => {
  it('is a parenthesis with the suggestion, or nothing', () => {
    expect(didYouMean('envs', ['env'])).toBe(" (did you mean 'env'?)");
    expect(didYouMean('zzz', ['env'])).toBe('');
  });
});
