import { lazy, Suspense, useEffect, useState } from "react";

import { ConnectionBanner } from "./components/ConnectionBanner.tsx";
import { SiteHeader } from "./components/SiteHeader.tsx";
import { useT } from "./i18n/index.ts";
import { modelOfPath } from "./leaderboardFilter.ts";
import { isNotFound, notFoundPathAtLoad } from "./notFound.ts";
import { BattlePage } from "./pages/BattlePage.tsx";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";
import { useLocation } from "./router.ts";

// The path the server answered with 404 (an unknown model) when the page loaded.
const notFoundAtLoad = notFoundPathAtLoad(document, window.location);

// The battle page, the usual first page, is the only one in the entry chunk: the others (and their
// table, charts and styles) load when first opened, so a phone on a slow network gets to its first
// battle sooner.
const LeaderboardPage = lazy(() =>
  import("./pages/LeaderboardPage.tsx").then(({ LeaderboardPage }) => ({ default: LeaderboardPage })),
);
// Opened from the leaderboard by few visitors: its code loads with it.
const ModelPage = lazy(() => import("./pages/ModelPage.tsx"));
// The operator's console: voters never download it.
const AdminConsole = lazy(() => import("./admin/AdminConsole.tsx"));

export function App() {
  const { pathname, search } = useLocation();
  const { t, language: uiLanguage } = useT();
  const notFound = isNotFound(pathname, notFoundAtLoad);
  const onAdmin = !notFound && pathname.replace(/\/+$/, "") === "/admin";
  const onLeaderboard = !notFound && pathname.replace(/\/+$/, "") === "/leaderboard";
  const model = notFound ? null : modelOfPath(pathname);
  // The leaderboard and a model's page share the filter in the query, and the header's "Leaderboard".
  const onBoard = onLeaderboard || model !== null;
  const query = new URLSearchParams(onBoard ? search : "");
  const language = query.get("language") ?? "";
  const category = query.get("category") ?? "";
  const style = query.get("style") === "control";
  const judge = query.get("judge") ?? "";
  // The leaderboard "as of" a day; checked (and dropped if not a past day) by the page.
  const at = query.get("at") ?? "";

  // The battle page stays mounted (hidden) once opened, so a look at the leaderboard does not throw
  // away a battle that is half streamed or not yet voted on.
  const onBattle = !onBoard && !notFound && !onAdmin;
  const [battleOpened, setBattleOpened] = useState(onBattle);
  if (onBattle && !battleOpened) setBattleOpened(true);
  useEffect(() => {
    if (onAdmin) return; // the console names its own tab
    document.title = notFound
      ? t("titles.notFound")
      : model !== null
        ? t("titles.model", { model })
        : onLeaderboard
          ? t("titles.leaderboard")
          : t("titles.battle");
  }, [onAdmin, notFound, onLeaderboard, model, t, uiLanguage]);

  if (onAdmin) {
    return (
      <>
        <SiteHeader pathname={pathname} />
        <Suspense fallback={<p className="page loading">{t("common.loading")}</p>}>
          <AdminConsole />
        </Suspense>
      </>
    );
  }
  return (
    <>
      <SiteHeader pathname={notFound ? pathname : onBoard ? "/leaderboard" : "/"} />
      <ConnectionBanner />
      {(battleOpened || onBattle) && <BattlePage visible={onBattle} />}
      {notFound && <NotFoundPage />}
      {onLeaderboard && (
        <Suspense fallback={<p className="page loading">{t("common.loading")}</p>}>
          <LeaderboardPage language={language} category={category} style={style} judge={judge} at={at} />
        </Suspense>
      )}
      {model !== null && (
        <Suspense fallback={<p className="page loading">{t("common.loading")}</p>}>
          <ModelPage model={model} language={language} category={category} style={style} />
        </Suspense>
      )}
    </>
  );
}
