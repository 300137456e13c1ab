import type { BinaryOperator, Node } from "./ast.js";
import { SyntaxFailure } from "./errors.js";
import { FUNCTIONS } from "./functions/index.js";
import { tokenize, type Token } from "./lexer.js";
import { METHODS } from "./methods.js";

export const MAX_EXPRESSION_LENGTH = 4096;

/** Deeper nesting is refused so that parsing and evaluation stay far from the stack limit. */
const MAX_DEPTH = 256;

/** JEXL keywords (functions.md "Fields"); a field with one of these names must be written ${name}. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  "new", "mod", "or", "break", "var", "lt", "for", "false", "while", "eq", "gt", "div", "not",
  "null", "continue", "else", "and", "ne", "true", "le", "if", "ge", "return", "_errors", "do",
  "function", "empty", "size",
]);

const EQUALITY: Record<string, BinaryOperator> = {
  "==": "==", eq: "==", "!=": "!=", ne: "!=", "=~": "=~", "!~": "!~", "=^": "=^", "=$": "=$", "!^": "!^", "!$": "!$",
};
const RELATIONAL: Record<string, BinaryOperator> = {
  "<": "<", lt: "<", "<=": "<=", le: "<=", ">": ">", gt: ">", ">=": ">=", ge: ">=",
};
const ADDITIVE: Record<string, BinaryOperator> = { "+": "+", "-": "-" };
const MULTIPLICATIVE: Record<string, BinaryOperator> = { "*": "*", "/": "/", div: "/", "%": "%", mod: "%" };

/** Parses one expression; throws SyntaxFailure with the 0-based position of the problem. */
export function parseExpression(source: string): Node {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new SyntaxFailure(`The expression is ${source.length} characters long; the maximum is ${MAX_EXPRESSION_LENGTH}`, MAX_EXPRESSION_LENGTH);
  }
  const parser = new Parser(tokenize(source));
  if (parser.peek().kind === "eof") throw new SyntaxFailure("The expression is empty", 0);
  const node = parser.expression();
  const rest = parser.peek();
  if (rest.kind !== "eof") throw new SyntaxFailure(`Unexpected ${describe(rest)} after the end of the expression`, rest.pos);
  return node;
}

function describe(token: Token): string {
  if (token.kind === "eof") return "end of expression";
  if (token.kind === "string") return "string literal";
  if (token.kind === "wrapped") return `field \${${token.text}}`;
  return `'${token.text}'`;
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== "eof") this.index++;
    return token;
  }

  private isOperator(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === "operator" && token.text === text;
  }

  private isWord(text: string): boolean {
    const token = this.peek();
    return token.kind === "identifier" && token.text === text;
  }

  private expect(text: string, context: string): Token {
    if (this.isOperator(text)) return this.next();
    const token = this.peek();
    throw new SyntaxFailure(`Expected '${text}' ${context} but found ${describe(token)}`, token.pos);
  }

  /** Operator token (symbol or word form) at the cursor, if it is one of `table`. */
  private operatorIn(table: Record<string, BinaryOperator>): BinaryOperator | undefined {
    const token = this.peek();
    if (token.kind !== "operator" && token.kind !== "identifier") return undefined;
    return Object.hasOwn(table, token.text) ? table[token.text] : undefined;
  }

  private enter(pos: number): void {
    if (++this.depth > MAX_DEPTH) throw new SyntaxFailure("The expression is nested too deeply", pos);
  }

  expression(): Node {
    this.enter(this.peek().pos);
    try {
      return this.conditional();
    } finally {
      this.depth--;
    }
  }

  /** `a ? b : c`, `a ?: b` (a if truthy) and `a ?? b` (a if not null), right-associative. */
  private conditional(): Node {
    const test = this.or();
    const token = this.peek();
    if (this.isOperator("?")) {
      this.next();
      const then = this.expression();
      this.expect(":", "in the conditional expression");
      return { type: "conditional", test, then, otherwise: this.expression(), pos: token.pos };
    }
    if (this.isOperator("?:") || this.isOperator("??")) {
      this.next();
      return { type: "logical", op: token.text as "?:" | "??", left: test, right: this.expression(), pos: token.pos };
    }
    return test;
  }

  private or(): Node {
    let left = this.and();
    while (this.isOperator("||") || this.isWord("or")) {
      const pos = this.next().pos;
      left = { type: "logical", op: "||", left, right: this.and(), pos };
    }
    return left;
  }

  private and(): Node {
    let left = this.bitOr();
    while (this.isOperator("&&") || this.isWord("and")) {
      const pos = this.next().pos;
      left = { type: "logical", op: "&&", left, right: this.bitOr(), pos };
    }
    return left;
  }

  private bitOr(): Node {
    return this.leftAssociative(() => this.bitXor(), { "|": "|" });
  }

  private bitXor(): Node {
    return this.leftAssociative(() => this.bitAnd(), { "^": "^" });
  }

  private bitAnd(): Node {
    return this.leftAssociative(() => this.equality(), { "&": "&" });
  }

  private equality(): Node {
    return this.leftAssociative(() => this.relational(), EQUALITY);
  }

  private relational(): Node {
    return this.leftAssociative(() => this.additive(), RELATIONAL);
  }

  private additive(): Node {
    return this.leftAssociative(() => this.multiplicative(), ADDITIVE);
  }

  private multiplicative(): Node {
    return this.leftAssociative(() => this.unary(), MULTIPLICATIVE);
  }

  private leftAssociative(operand: () => Node, table: Record<string, BinaryOperator>): Node {
    let left = operand();
    for (let op = this.operatorIn(table); op; op = this.operatorIn(table)) {
      const pos = this.next().pos;
      left = { type: "binary", op, left, right: operand(), pos };
    }
    return left;
  }

  private unary(): Node {
    const token = this.peek();
    const op = unaryOperator(token, this.peek(1));
    if (!op) return this.postfix(this.primary());
    this.next();
    this.enter(token.pos);
    try {
      return { type: "unary", op, operand: this.unary(), pos: token.pos };
    } finally {
      this.depth--;
    }
  }

  /** Member access, indexing, `[*]` projection and method calls, left to right. */
  private postfix(base: Node): Node {
    let node = base;
    for (;;) {
      if (this.isOperator(".")) {
        this.next();
        node = this.member(node);
      } else if (this.isOperator("[") && this.isOperator("*", 1) && this.isOperator("]", 2)) {
        const pos = this.next().pos;
        this.next();
        this.next();
        return { type: "project", source: node, body: this.postfix({ type: "element", pos }), pos };
      } else if (this.isOperator("[")) {
        const pos = this.next().pos;
        const index = this.expression();
        this.expect("]", "to close the index");
        node = { type: "index", object: node, index, pos };
      } else {
        return node;
      }
    }
  }

  private member(object: Node): Node {
    const token = this.next();
    if (token.kind === "wrapped") return { type: "member", object, key: token.text, pos: token.pos };
    if (token.kind !== "identifier") throw new SyntaxFailure(`Expected a field or method name after '.' but found ${describe(token)}`, token.pos);
    if (!this.isOperator("(")) return { type: "member", object, key: token.text, pos: token.pos };
    const definition = METHODS.get(token.text);
    if (!definition) throw new SyntaxFailure(`Unknown method '${token.text}'`, token.pos);
    const args = this.arguments();
    checkArity(`Method '${token.text}'`, definition, args.length, token.pos);
    return { type: "method", object, name: token.text, args, pos: token.pos };
  }

  private arguments(): Node[] {
    this.expect("(", "to start the arguments");
    const args: Node[] = [];
    if (this.isOperator(")")) {
      this.next();
      return args;
    }
    for (;;) {
      args.push(this.expression());
      if (this.isOperator(")")) {
        this.next();
        return args;
      }
      this.expect(",", "between arguments");
    }
  }

  private primary(): Node {
    const token = this.peek();
    switch (token.kind) {
      case "number":
        this.next();
        return { type: "literal", value: token.number, pos: token.pos };
      case "string":
        this.next();
        return { type: "literal", value: token.text, pos: token.pos };
      case "wrapped":
        this.next();
        return { type: "field", name: token.text, pos: token.pos };
      case "identifier":
        return this.identifier();
      case "eof":
        throw new SyntaxFailure("Unexpected end of expression", token.pos);
    }
    if (token.text === "(") return this.parenthesised();
    if (token.text === "[") return this.arrayLiteral();
    if (token.text === "{") return this.mapLiteral();
    throw new SyntaxFailure(`Unexpected ${describe(token)}`, token.pos);
  }

  private identifier(): Node {
    const token = this.next();
    const name = token.text;
    if (name === "true" || name === "false") return { type: "literal", value: name === "true", pos: token.pos };
    if (name === "null") return { type: "literal", value: null, pos: token.pos };
    if (this.isOperator("(")) return this.call(token);
    if (RESERVED_WORDS.has(name)) {
      throw new SyntaxFailure(`'${name}' is a reserved word; write a field with this name as \${${name}}`, token.pos);
    }
    if (FUNCTIONS.has(name)) {
      throw new SyntaxFailure(`'${name}' is a function name; call it as ${name}(...) or write a field with this name as \${${name}}`, token.pos);
    }
    return { type: "field", name, pos: token.pos };
  }

  private call(name: Token): Node {
    const definition = FUNCTIONS.get(name.text);
    if (!definition) throw new SyntaxFailure(`Unknown function '${name.text}'`, name.pos);
    const args = this.arguments();
    checkArity(`Function '${name.text}'`, definition, args.length, name.pos);
    return { type: "call", name: name.text, args, pos: name.pos };
  }

  private parenthesised(): Node {
    this.next();
    const inner = this.expression();
    this.expect(")", "to close the parenthesis");
    return inner;
  }

  private arrayLiteral(): Node {
    const open = this.next();
    const elements: Node[] = [];
    if (this.isOperator("]")) {
      this.next();
      return { type: "array", elements, pos: open.pos };
    }
    for (;;) {
      elements.push(this.expression());
      if (this.isOperator("]")) {
        this.next();
        return { type: "array", elements, pos: open.pos };
      }
      this.expect(",", "between array elements");
    }
  }

  /** JEXL map literal `{ "key" : value, ... }`; `{}` and `{:}` are empty. */
  private mapLiteral(): Node {
    const open = this.next();
    const entries: { key: Node; value: Node }[] = [];
    if (this.isOperator(":") && this.isOperator("}", 1)) this.next();
    if (this.isOperator("}")) {
      this.next();
      return { type: "map", entries, pos: open.pos };
    }
    for (;;) {
      this.enter(this.peek().pos);
      const key = this.or();
      this.depth--;
      this.expect(":", "between a map key and its value");
      entries.push({ key, value: this.expression() });
      if (this.isOperator("}")) {
        this.next();
        return { type: "map", entries, pos: open.pos };
      }
      this.expect(",", "between map entries");
    }
  }
}

function unaryOperator(token: Token, following: Token): "-" | "+" | "!" | "~" | "empty" | "size" | undefined {
  if (token.kind === "operator" && (token.text === "-" || token.text === "+" || token.text === "!" || token.text === "~")) {
    return token.text;
  }
  if (token.kind !== "identifier") return undefined;
  if (token.text === "not") return "!";
  const startsOperand = following.kind !== "eof" && (following.kind !== "operator" || "([{!-+~".includes(following.text));
  if ((token.text === "empty" || token.text === "size") && startsOperand) return token.text;
  return undefined;
}

function checkArity(what: string, definition: { min: number; max: number }, count: number, pos: number): void {
  if (count >= definition.min && count <= definition.max) return;
  const expected =
    definition.min === definition.max
      ? `${definition.min} argument${definition.min === 1 ? "" : "s"}`
      : definition.max === Number.POSITIVE_INFINITY
        ? `at least ${definition.min} argument${definition.min === 1 ? "" : "s"}`
        : `${definition.min} to ${definition.max} arguments`;
  throw new SyntaxFailure(`${what} expects ${expected}, got ${count}`, pos);
}
