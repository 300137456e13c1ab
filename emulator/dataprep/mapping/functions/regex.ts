import { isNil, requireString } from "../values.js";
import { javaMatches, javaRegex, withRegex } from "./javaregex.js";
import { def, type FunctionTable } from "./registry.js";

/** The first match and its groups, group 0 first; null when nothing matches. */
function extractRegex(args: unknown[]): unknown {
  if (isNil(args[0])) return null;
  const input = requireString(args[0], "extract_regex input");
  const written = requireString(args[1], "extract_regex regex");
  const regex = javaRegex(written);
  const match = withRegex(regex, written, () => regex.exec(input));
  if (!match) return null;
  return Array.from(match, (group) => group ?? null);
}

function matchesRegex(args: unknown[]): boolean {
  if (isNil(args[0])) return false;
  return javaMatches(requireString(args[0], "matches_regex input"), requireString(args[1], "matches_regex regex"));
}

export const regexFunctions: FunctionTable = {
  extract_regex: def(2, 2, extractRegex),
  matches_regex: def(2, 2, matchesRegex),
};
