type ErrorAlertProps = { error: { code: string; message: string } | null; onDismiss?: () => void };

/** A visible, announced error. The region stays mounted so screen readers notice new content. */
export function ErrorAlert({ error, onDismiss }: ErrorAlertProps) {
  return (
    <div role="alert" className={error ? "alert" : "alert alert--empty"}>
      {error && (
        <>
          <p>
            <strong>Something went wrong</strong> <code>{error.code}</code>: {error.message}
          </p>
          {onDismiss && (
            <button type="button" className="button button--quiet" onClick={onDismiss}>
              Dismiss
            </button>
          )}
        </>
      )}
    </div>
  );
}
