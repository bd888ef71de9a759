import { useT } from "../i18n/index.ts";
import { describeRefusal } from "../refusals.ts";

type ErrorAlertProps = {
  error: { code: string; message: string } | null;
  onDismiss?: () => void;
  className?: string;
};

/**
 * A visible, announced refusal or error. Expected refusals (busy, limits) read as a calm notice in
 * plain words; anything else keeps the server's message and its code, which helps a bug report.
 * The region stays mounted so screen readers notice new content.
 */
export function ErrorAlert({ error, onDismiss, className = "" }: ErrorAlertProps) {
  const { t } = useT();
  const refusal = error && describeRefusal(error);
  const kind = refusal === null ? "alert--empty" : refusal.expected ? "alert--notice" : "";
  return (
    <div role="alert" className={`alert ${kind} ${className}`.trim()}>
      {error && refusal && (
        <>
          {refusal.expected ? (
            <p>{refusal.text}</p>
          ) : (
            <p>
              <strong>{t("common.somethingWentWrong")}</strong> <code>{error.code}</code>: {refusal.text}
            </p>
          )}
          {onDismiss && (
            <button type="button" className="button button--quiet" onClick={onDismiss}>
              {t("common.dismiss")}
            </button>
          )}
        </>
      )}
    </div>
  );
}
