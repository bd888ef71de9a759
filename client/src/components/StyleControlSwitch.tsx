import { useId } from "react";

import { useT } from "../i18n/index.ts";

type StyleControlSwitchProps = {
  on: boolean;
  onChange: (on: boolean) => void;
};

/** The leaderboard's style-control switch: a checkbox read as a switch, its meaning as its description. */
export function StyleControlSwitch({ on, onChange }: StyleControlSwitchProps) {
  const { t } = useT();
  const hint = useId();
  return (
    <div className="field style-switch">
      <label>
        <input
          type="checkbox"
          role="switch"
          data-testid="style-control"
          checked={on}
          aria-describedby={hint}
          onChange={(event) => onChange(event.target.checked)}
        />
        <span>{t("style.switch")}</span>
      </label>
      <p id={hint} className="style-switch__hint">
        {t("style.switchHint")}
      </p>
    </div>
  );
}
