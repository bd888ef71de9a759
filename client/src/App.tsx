import { useEffect, useState } from "react";
import { ConnectionBanner } from "./components/ConnectionBanner.tsx";
import { SiteHeader } from "./components/SiteHeader.tsx";
import { BattlePage } from "./pages/BattlePage.tsx";
import { LeaderboardPage } from "./pages/LeaderboardPage.tsx";
import { useLocation } from "./router.ts";

export function App() {
  const { pathname, search } = useLocation();
  const onLeaderboard = pathname.replace(/\/+$/, "") === "/leaderboard";
  const query = new URLSearchParams(onLeaderboard ? search : "");
  const language = query.get("language") ?? "";
  const category = query.get("category") ?? "";

  // The battle page stays mounted (hidden) once opened, so a look at the leaderboard does not throw
  // away a battle that is half streamed or not yet voted on.
  const [battleOpened, setBattleOpened] = useState(!onLeaderboard);
  useEffect(() => {
    if (!onLeaderboard) setBattleOpened(true);
    document.title = onLeaderboard ? "Leaderboard · Arena" : "Battle · Arena";
  }, [onLeaderboard]);

  return (
    <>
      <SiteHeader pathname={onLeaderboard ? "/leaderboard" : "/"} />
      <ConnectionBanner />
      {(battleOpened || !onLeaderboard) && <BattlePage visible={!onLeaderboard} />}
      {onLeaderboard && <LeaderboardPage language={language} category={category} />}
    </>
  );
}
