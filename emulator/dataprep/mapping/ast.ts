/** Expression syntax tree; `pos` is the 0-based offset of the node's defining token. */
export type Node =
  | { readonly type: "literal"; readonly value: unknown; readonly pos: number }
  | { readonly type: "array"; readonly elements: Node[]; readonly pos: number }
  | { readonly type: "map"; readonly entries: { key: Node; value: Node }[]; readonly pos: number }
  | { readonly type: "field"; readonly name: string; readonly pos: number }
  | { readonly type: "member"; readonly object: Node; readonly key: string; readonly pos: number }
  | { readonly type: "index"; readonly object: Node; readonly index: Node; readonly pos: number }
  /** `source[*]rest`: `body` is evaluated once per element, with `element` standing for it. */
  | { readonly type: "project"; readonly source: Node; readonly body: Node; readonly pos: number }
  | { readonly type: "element"; readonly pos: number }
  | { readonly type: "call"; readonly name: string; readonly args: Node[]; readonly pos: number }
  | { readonly type: "method"; readonly object: Node; readonly name: string; readonly args: Node[]; readonly pos: number }
  | { readonly type: "unary"; readonly op: UnaryOperator; readonly operand: Node; readonly pos: number }
  | { readonly type: "binary"; readonly op: BinaryOperator; readonly left: Node; readonly right: Node; readonly pos: number }
  | { readonly type: "logical"; readonly op: LogicalOperator; readonly left: Node; readonly right: Node; readonly pos: number }
  | { readonly type: "conditional"; readonly test: Node; readonly then: Node; readonly otherwise: Node; readonly pos: number };

export type UnaryOperator = "-" | "+" | "!" | "~" | "empty" | "size";

export type BinaryOperator =
  | "+" | "-" | "*" | "/" | "%"
  | "&" | "|" | "^"
  | "==" | "!=" | "<" | "<=" | ">" | ">="
  | "=~" | "!~" | "=^" | "=$" | "!^" | "!$";

export type LogicalOperator = "&&" | "||" | "?:" | "??";
