// Pieces several pages share: error boxes and lists of mapping or validation errors.
import { ApiError } from "./api.js";
import { badge, h } from "./dom.js";

/** A red box saying what could not be loaded and why. */
export function errorBox(error) {
  const message = error instanceof ApiError ? `${error.method} ${error.path} answered ${error.status}: ${error.reason}` : String(error?.message ?? error);
  return h("div", { class: "error-box", role: "alert" }, h("strong", { text: "Could not load: " }), message);
}

/** The message of a record's or a preview's error. */
export function reasonOf(error) {
  if (!error || typeof error !== "object") return String(error);
  return error.message ?? error.exception ?? error.detail ?? JSON.stringify(error);
}

/** [{code, destination, message}] as a list, or nothing. */
export function errorList(errors) {
  if (!errors || errors.length === 0) return null;
  return h(
    "ul",
    { class: "errors" },
    errors.map((error) =>
      h(
        "li",
        {},
        error.code ? badge(error.code, "fail") : null,
        " ",
        error.destination ? h("code", { text: error.destination }) : null,
        error.destination ? " " : null,
        h("span", { class: "reason", text: reasonOf(error) }),
      ),
    ),
  );
}
