import { useId } from "react";

import { setUiLanguage, UI_LANGUAGES, type UiLanguage, uiLanguageNames, useT } from "../i18n/index.ts";
import { Link } from "./Link.tsx";

type SiteHeaderProps = { pathname: string };

export function SiteHeader({ pathname }: SiteHeaderProps) {
  const { t, language } = useT();
  const languageId = useId();
  const pages = [
    { href: "/", label: t("header.battle") },
    { href: "/leaderboard", label: t("header.leaderboard") },
  ];
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link href="/" className="brand">
          Arena
        </Link>
        <nav aria-label={t("header.nav")}>
          <ul className="nav-links">
            {pages.map((page) => (
              <li key={page.href}>
                <Link href={page.href} aria-current={page.href === pathname ? "page" : undefined}>
                  {page.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="ui-language">
          <label htmlFor={languageId}>{t("header.interfaceLanguage")}</label>
          <select
            id={languageId}
            data-testid="ui-language"
            value={language}
            onChange={(event) => void setUiLanguage(event.target.value as UiLanguage)}
          >
            {UI_LANGUAGES.map((code) => (
              // Each language in its own name and with its own lang, so a screen reader says it right.
              <option key={code} value={code} lang={code === "zh" ? "zh-Hans" : code}>
                {uiLanguageNames[code]}
              </option>
            ))}
          </select>
        </div>
      </div>
    </header>
  );
}
