import assert from "node:assert/strict";

import { isNotFound, isPagePath, notFoundPathAtLoad } from "../../client/src/notFound.ts";

describe("notFound", () => {
  describe("isPagePath", () => {
    it("knows the battle page, the leaderboard, the console and model pages, with or without a trailing slash", () => {
      for (const path of ["/", "/leaderboard", "/leaderboard/", "/admin", "/admin/", "/model/gpt-4", "/model/a%20b"]) {
        assert.equal(isPagePath(path), true, path);
      }
    });

    it("refuses every other path", () => {
      for (const path of [
        "/x",
        "/leaderboard/x",
        "/model",
        "/model/",
        "/model/a/b",
        "/model/%E0%A4%A",
        "/api",
        "/admin/x",
      ]) {
        assert.equal(isPagePath(path), false, path);
      }
    });
  });

  describe("isNotFound", () => {
    it("shows the not-found view for an unknown path", () => {
      assert.equal(isNotFound("/nowhere", null), true);
    });

    it("shows it for the model page the server answered with 404, and only for that path", () => {
      assert.equal(isNotFound("/model/nobody", "/model/nobody"), true);
      assert.equal(isNotFound("/leaderboard", "/model/nobody"), false);
      assert.equal(isNotFound("/model/demo-concise", "/model/nobody"), false);
    });
  });

  describe("notFoundPathAtLoad", () => {
    const documentWith = (marker: boolean) => ({
      querySelector: (selector: string) =>
        marker && selector === 'meta[name="arena-status"][content="404"]' ? ({} as Element) : null,
    });

    it("reads the server's 404 marker as the loaded path", () => {
      assert.equal(notFoundPathAtLoad(documentWith(true), { pathname: "/model/nobody" }), "/model/nobody");
    });

    it("is null for a page served with 200", () => {
      assert.equal(notFoundPathAtLoad(documentWith(false), { pathname: "/model/demo-concise" }), null);
    });
  });
});
