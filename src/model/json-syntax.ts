/**
 * Parses JSON text, and when it is not JSON says where and why in words a person can act on
 * (`line 3, column 5: expected ',' or '}' after a property value`). JSON.parse does the
 * parsing; a small scanner runs only on failure, because V8's messages do not always carry a
 * position and never a line.
 */
export type JsonParseResult =
  | { ok: true; value: unknown }
  | { ok: false; line: number; column: number; message: string };

export function parseJsonText(text: string): JsonParseResult {
  // Editors on Windows like to add a byte-order mark; it is not content.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (err) {
    const found = locate(body) ?? { offset: 0, message: (err as Error).message };
    const before = body.slice(0, found.offset);
    const line = before.split('\n').length;
    const column = found.offset - (before.lastIndexOf('\n') + 1) + 1;
    return { ok: false, line, column, message: found.message };
  }
}

interface SyntaxProblem {
  offset: number;
  message: string;
}

class JsonSyntax extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

function locate(text: string): SyntaxProblem | undefined {
  try {
    new Scanner(text).document();
    return undefined;
  } catch (err) {
    if (err instanceof JsonSyntax) return { offset: err.offset, message: err.message };
    return undefined; // e.g. nesting deeper than the stack: fall back to JSON.parse's words
  }
}

const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

class Scanner {
  private pos = 0;

  constructor(private readonly text: string) {}

  document(): void {
    this.ws();
    if (this.pos >= this.text.length) throw this.fail('the file is empty; it must hold a JSON object');
    this.value();
    this.ws();
    if (this.pos < this.text.length)
      throw this.fail(`unexpected ${this.found()} after the end of the JSON value`);
  }

  private value(): void {
    const ch = this.text[this.pos];
    if (ch === "'") throw this.fail('use double quotes for strings');
    if (ch === '{') this.object();
    else if (ch === '[') this.array();
    else if (ch === '"') this.string();
    else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) this.number();
    else this.literal();
  }

  private literal(): void {
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return;
      }
    }
    throw this.fail(`expected a value, found ${this.found()}`);
  }

  private object(): void {
    this.pos++;
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    while (true) {
      this.ws();
      if (this.text[this.pos] === '}') throw this.fail("remove the trailing comma before '}'");
      if (this.text[this.pos] !== '"') {
        if (/[A-Za-z_$']/.test(this.text[this.pos] ?? ''))
          throw this.fail('put the property name in double quotes');
        throw this.fail(`expected a property name in double quotes, found ${this.found()}`);
      }
      this.string();
      this.ws();
      if (this.text[this.pos] !== ':')
        throw this.fail(`expected ':' after the property name, found ${this.found()}`);
      this.pos++;
      this.ws();
      this.value();
      this.ws();
      const next = this.text[this.pos];
      if (next === '}') {
        this.pos++;
        return;
      }
      if (next !== ',') throw this.fail(`expected ',' or '}' after a property value, found ${this.found()}`);
      this.pos++;
    }
  }

  private array(): void {
    this.pos++;
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    while (true) {
      this.ws();
      if (this.text[this.pos] === ']') throw this.fail("remove the trailing comma before ']'");
      this.value();
      this.ws();
      const next = this.text[this.pos];
      if (next === ']') {
        this.pos++;
        return;
      }
      if (next !== ',') throw this.fail(`expected ',' or ']' after a list item, found ${this.found()}`);
      this.pos++;
    }
  }

  private string(): void {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos]!;
      if (ch === '"') {
        this.pos++;
        return;
      }
      if (ch === '\n') throw this.fail('a string may not span lines; write \\n for a line break');
      if (ch < ' ') throw this.fail('control character inside a string; escape it');
      if (ch === '\\') {
        const esc = this.text[this.pos + 1] ?? '';
        if (esc === 'u') {
          if (!/^[0-9A-Fa-f]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
            throw this.fail('expected four hex digits after \\u');
          }
          this.pos += 6;
          continue;
        }
        if (!ESCAPES.has(esc)) throw this.fail(`invalid escape '\\${esc}' in a string`);
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
    this.pos = start;
    throw this.fail('unterminated string');
  }

  private number(): void {
    const re = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    re.lastIndex = this.pos;
    const match = re.exec(this.text);
    if (!match) throw this.fail(`expected a number, found ${this.found()}`);
    this.pos += match[0].length;
    if (/[0-9.eE]/.test(this.text[this.pos] ?? '')) throw this.fail('invalid number');
  }

  private ws(): void {
    while (/[ \t\r\n]/.test(this.text[this.pos] ?? '')) this.pos++;
    if (this.text.startsWith('//', this.pos) || this.text.startsWith('/*', this.pos)) {
      throw this.fail('comments are not allowed in JSON');
    }
  }

  private found(): string {
    if (this.pos >= this.text.length) return 'the end of the file';
    return `'${this.text[this.pos]}'`;
  }

  private fail(message: string): JsonSyntax {
    return new JsonSyntax(this.pos, message);
  }
}
