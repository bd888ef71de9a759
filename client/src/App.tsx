import { lazy, Suspense, useEffect, useState } from "react";

import { ConnectionBanner } from "./components/ConnectionBanner.tsx";
import { SiteHeader } from "./components/SiteHeader.tsx";
import { useT } from "./i18n/index.ts";
import { modelOfPath } from "./leaderboardFilter.ts";
import { BattlePage } from "./pages/BattlePage.tsx";
import { LeaderboardPage } from "./pages/LeaderboardPage.tsx";
import { useLocation } from "./router.ts";

// Opened from the leaderboard by few visitors: its code loads with it.
const ModelPage = lazy(() => import("./pages/ModelPage.tsx"));

export function App() {
  const { pathname, search } = useLocation();
  const { t, language: uiLanguage } = useT();
  const onLeaderboard = pathname.replace(/\/+$/, "") === "/leaderboard";
  const model = modelOfPath(pathname);
  // The leaderboard and a model's page share the filter in the query, and the header's "Leaderboard".
  const onBoard = onLeaderboard || model !== null;
  const query = new URLSearchParams(onBoard ? search : "");
  const language = query.get("language") ?? "";
  const category = query.get("category") ?? "";
  const style = query.get("style") === "control";
  // The leaderboard "as of" a day; checked (and dropped if not a past day) by the page.
  const at = query.get("at") ?? "";

  // The battle page stays mounted (hidden) once opened, so a look at the leaderboard does not throw
  // away a battle that is half streamed or not yet voted on.
  const [battleOpened, setBattleOpened] = useState(!onBoard);
  if (!onBoard && !battleOpened) setBattleOpened(true);
  useEffect(() => {
    document.title =
      model !== null ? t("titles.model", { model }) : onLeaderboard ? t("titles.leaderboard") : t("titles.battle");
  }, [onLeaderboard, model, t, uiLanguage]);

  return (
    <>
      <SiteHeader pathname={onBoard ? "/leaderboard" : "/"} />
      <ConnectionBanner />
      {(battleOpened || !onBoard) && <BattlePage visible={!onBoard} />}
      {onLeaderboard && <LeaderboardPage language={language} category={category} style={style} at={at} />}
      {model !== null && (
        <Suspense fallback={<p className="page loading">{t("common.loading")}</p>}>
          <ModelPage model={model} language={language} category={category} style={style} />
        </Suspense>
      )}
    </>
  );
}
