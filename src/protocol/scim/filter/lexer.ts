import { err, ok, type Result } from '../../../shared/result.js'

/**
 * Splits filter and PATCH path text into tokens (RFC 7644 §3.4.2.2, §3.5.2). The lexer knows only
 * punctuation, JSON strings and "words"; whether a word is an attribute path, an operator, a
 * keyword or a value depends on where it stands, so the parser decides. That is what lets
 * `urn:…:2.0:User:manager.value`, `2015-10-10T14:38:21.8617979-07:00` and `-1.5e3` all be one word.
 */
export type Token =
  /** A run of characters up to whitespace, `(`, `)`, `[`, `]` or `"`. */
  | { readonly kind: 'word'; readonly text: string; readonly start: number }
  /** A JSON string literal; `text` is the decoded value. */
  | { readonly kind: 'string'; readonly text: string; readonly start: number }
  | { readonly kind: Punctuation; readonly text: string; readonly start: number }
  | { readonly kind: 'end'; readonly text: ''; readonly start: number }

/** A syntax error at a character offset (0-based), before it becomes a ScimError. */
export type SyntaxProblem = { readonly message: string; readonly position: number }

type Punctuation = '(' | ')' | '[' | ']'

const PUNCTUATION: readonly string[] = ['(', ')', '[', ']']
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
}
const HEX4 = /^[0-9a-fA-F]{4}$/

/** Tokenizes the whole text; the last token is always `end`. */
export function tokenize(text: string): Result<Token[], SyntaxProblem> {
  const tokens: Token[] = []
  let index = 0
  while (index < text.length) {
    const char = text.charAt(index)
    if (isSpace(char)) {
      index++
    } else if (isPunctuation(char)) {
      tokens.push({ kind: char, text: char, start: index })
      index++
    } else if (char === '"') {
      const literal = readString(text, index)
      if (!literal.ok) return literal
      tokens.push({ kind: 'string', text: literal.value.text, start: index })
      index = literal.value.end
    } else {
      const end = wordEnd(text, index)
      tokens.push({ kind: 'word', text: text.slice(index, end), start: index })
      index = end
    }
  }
  tokens.push({ kind: 'end', text: '', start: text.length })
  return ok(tokens)
}

/** How a token reads in an error message. */
export function describeToken(token: Token): string {
  if (token.kind === 'end') return 'end of input'
  const shown = token.kind === 'string' ? JSON.stringify(token.text) : `"${token.text}"`
  return shown.length > 40 ? `${shown.slice(0, 37)}...` : shown
}

// RFC 7644 §3.4.2.2 asks for SP between tokens; any whitespace is tolerated, as IdPs send tabs
// and doubled spaces.
function isSpace(char: string): boolean {
  return /\s/.test(char)
}

function isPunctuation(char: string): char is Punctuation {
  return PUNCTUATION.includes(char)
}

function wordEnd(text: string, start: number): number {
  let end = start
  while (end < text.length) {
    const char = text.charAt(end)
    if (isSpace(char) || isPunctuation(char) || char === '"') break
    end++
  }
  return end
}

/** Reads a JSON string (RFC 7159 §7) starting at the opening quote. */
function readString(
  text: string,
  start: number,
): Result<{ text: string; end: number }, SyntaxProblem> {
  let value = ''
  let index = start + 1
  while (index < text.length) {
    const char = text.charAt(index)
    if (char === '"') return ok({ text: value, end: index + 1 })
    if (char !== '\\') {
      value += char
      index++
      continue
    }
    const sequence = readEscape(text, index)
    if (!sequence.ok) return sequence
    value += sequence.value.char
    index += sequence.value.length
  }
  return err({ message: "unterminated string: expected a closing '\"'", position: start })
}

/** One escape sequence: the code unit it stands for and how many characters it spans. */
function readEscape(
  text: string,
  backslash: number,
): Result<{ char: string; length: number }, SyntaxProblem> {
  const letter = text.charAt(backslash + 1)
  const simple = SIMPLE_ESCAPES[letter]
  if (simple !== undefined) return ok({ char: simple, length: 2 })
  const hex = text.slice(backslash + 2, backslash + 6)
  if (letter === 'u' && HEX4.test(hex)) {
    // Surrogate pairs arrive as two escapes and are joined by plain concatenation (RFC 7159 §7).
    return ok({ char: String.fromCharCode(Number.parseInt(hex, 16)), length: 6 })
  }
  const shown = letter === 'u' ? `\\u${hex}` : `\\${letter}`
  return err({
    message: `invalid escape "${shown}" in string: expected \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX`,
    position: backslash,
  })
}
