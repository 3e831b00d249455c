/**
 * Builds Python source line by line. Indentation is a counter and blank lines are managed
 * here, so no generator ever writes leading spaces or newlines inside a string.
 */
export class Emitter {
  private readonly out: string[] = [];
  private level = 0;
  private static readonly UNIT = '    ';

  /** One line at the current indentation; an empty string is a blank line. */
  line(text = ''): this {
    if (text.includes('\n') || text.includes('\r')) {
      throw new Error(`Emitter.line got a line break: ${JSON.stringify(text)}`);
    }
    this.out.push(text === '' ? '' : Emitter.UNIT.repeat(this.level) + text);
    return this;
  }

  /** Several lines at the current indentation (each must be free of line breaks). */
  lines(texts: readonly string[]): this {
    for (const text of texts) this.line(text);
    return this;
  }

  /** The body of a block: everything `body` emits is one level deeper. */
  indent(body: () => void): this {
    this.level++;
    try {
      body();
    } finally {
      this.level--;
    }
    return this;
  }

  /** `header` (e.g. `def f():`) and an indented body. */
  block(header: string, body: () => void): this {
    return this.line(header).indent(body);
  }

  /** Ensures `count` blank lines before the next line (never at the top of the file). */
  blank(count = 1): this {
    if (this.out.length === 0) return this;
    let trailing = 0;
    for (let i = this.out.length - 1; i >= 0 && this.out[i] === ''; i--) trailing++;
    for (; trailing < count; trailing++) this.out.push('');
    return this;
  }

  /** 1-based number of the line the next `line()` call will write. */
  get nextLineNumber(): number {
    return this.out.length + 1;
  }

  /** The text: trailing blank lines dropped, one final newline. */
  toString(): string {
    let end = this.out.length;
    while (end > 0 && this.out[end - 1] === '') end--;
    return end === 0 ? '' : `${this.out.slice(0, end).join('\n')}\n`;
  }
}
