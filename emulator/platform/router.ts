import type { Result, Router } from "hono/router";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { SmartRouter } from "hono/router/smart-router";
import { TrieRouter } from "hono/router/trie-router";

/** Paths remembered at most; past it the memory starts again, so unique paths cost one lookup more. */
const REMEMBERED_PATHS = 1000;
/** Longer paths are matched every time: the memory holds at most 1,000 of these (the API's are shorter). */
const REMEMBERED_PATH_LENGTH = 512;

/**
 * Hono's default router (its RegExpRouter refuses the emulator's routes, so it settles on the
 * TrieRouter) with its answer remembered per method and path. Every route is added before the first
 * request, so a path always matches the same routes and parameters; clients repeat paths (polling a
 * flow, an inlet receiving events), and walking the trie of some 230 routes and their middleware
 * was about a tenth of a GET's CPU. Hono only reads a match result, so one can serve many requests.
 */
export class RememberingRouter<T> implements Router<T> {
  readonly name = "SmartRouter, remembered per path";
  private readonly router: Router<T> = new SmartRouter<T>({ routers: [new RegExpRouter<T>(), new TrieRouter<T>()] });
  private readonly matches = new Map<string, Result<T>>();

  add(method: string, path: string, handler: T): void {
    this.matches.clear();
    this.router.add(method, path, handler);
  }

  match(method: string, path: string): Result<T> {
    if (path.length > REMEMBERED_PATH_LENGTH) return this.router.match(method, path);
    const key = `${method} ${path}`;
    let result = this.matches.get(key);
    if (result === undefined) {
      result = this.router.match(method, path);
      if (this.matches.size >= REMEMBERED_PATHS) this.matches.clear();
      this.matches.set(key, result);
    }
    return result;
  }
}
