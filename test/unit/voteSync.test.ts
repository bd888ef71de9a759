import assert from "node:assert/strict";

import { VoteSync } from "../../server/src/cluster/voteSync.ts";

/** A store whose counts the test moves by hand, and a rebuild that reads them. */
function setup() {
  const store = { votes: 0, standings: "" };
  let rebuilds = 0;
  const sync = new VoteSync(
    async () => store.votes,
    async () => {
      rebuilds++;
      return store.votes;
    },
    async () => store.standings,
  );
  return { store, sync, rebuilds: () => rebuilds };
}

describe("VoteSync", () => {
  it("does not rebuild for votes still on their way at a check", async () => {
    const { store, sync, rebuilds } = setup();
    await sync.check();
    store.votes = 3; // stored by other servers; their notifications have not arrived yet
    assert.equal(await sync.check(), false);
    sync.took(3); // they arrive before the next check
    store.votes = 5;
    assert.equal(await sync.check(), false);
    sync.took(2);
    assert.equal(await sync.check(), false);
    assert.equal(rebuilds(), 0);
  });

  it("rebuilds when a vote stored before the previous check never arrived, then is in step", async () => {
    const { store, sync, rebuilds } = setup();
    store.votes = 2;
    await sync.check();
    sync.took(1); // one notification was lost
    assert.equal(await sync.check(), true);
    assert.equal(rebuilds(), 1);
    assert.equal(await sync.check(), false);
  });

  it("rebuilds when the session standings changed without its message arriving", async () => {
    const { store, sync, rebuilds } = setup();
    await sync.check();
    store.standings = "abc:excluded";
    assert.equal(await sync.check(), true);
    assert.equal(await sync.check(), false);
    assert.equal(rebuilds(), 1);
  });
});
