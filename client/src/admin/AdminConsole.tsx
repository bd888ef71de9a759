/**
 * The operator's console at /admin: a token, then the arena's voters, the votes that do not count,
 * the anomaly check, the models, the judges' queues and the exports — every action through the admin API. Loaded apart
 * (React.lazy) so voters never download it.
 */
import "./admin.css";

import { type FormEvent, useEffect, useId, useState } from "react";

import { adminApi, AdminApiError, storedToken, storeToken } from "./adminApi.ts";
import { type AdminText, useAdminText } from "./adminText.ts";
import { AnomalyCheck } from "./AnomalyCheck.tsx";
import { ExportsSection } from "./ExportsSection.tsx";
import { JudgesSection } from "./JudgesSection.tsx";
import { ModelsSection } from "./ModelsSection.tsx";
import { SessionsSection } from "./SessionsSection.tsx";
import { UncountedSection } from "./UncountedSection.tsx";

export default function AdminConsole() {
  const { text } = useAdminText();
  const [token, setToken] = useState<string | null>(storedToken);
  // Bumped by every action that changes standings, so every section reads again.
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    document.title = `${text.title} · Arena`;
  }, [text]);

  function signOut() {
    storeToken(null);
    setToken(null);
  }

  if (token === null) {
    return (
      <SignIn
        text={text}
        onSignedIn={(verified) => {
          storeToken(verified);
          setToken(verified);
        }}
      />
    );
  }
  const changed = () => setRevision((value) => value + 1);
  return (
    <main id="main" className="page admin">
      <div className="admin-heading">
        <h1>{text.signIn.heading}</h1>
        <button type="button" className="button button--quiet" onClick={signOut}>
          {text.signIn.signOut}
        </button>
      </div>
      <SessionsSection token={token} revision={revision} onChanged={changed} onUnauthorized={signOut} />
      <AnomalyCheck token={token} onChanged={changed} onUnauthorized={signOut} />
      <UncountedSection token={token} revision={revision} onUnauthorized={signOut} />
      <ModelsSection token={token} onUnauthorized={signOut} />
      <JudgesSection token={token} onUnauthorized={signOut} />
      <ExportsSection token={token} onUnauthorized={signOut} />
    </main>
  );
}

/** The token form: nothing of the console shows until the server accepts the token. */
function SignIn({ text, onSignedIn }: { text: AdminText; onSignedIn: (token: string) => void }) {
  const inputId = useId();
  const [value, setValue] = useState("");
  const [checking, setChecking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const token = value.trim();
    if (token === "" || checking) return;
    setChecking(true);
    setProblem(null);
    try {
      // The cheapest authenticated read: one voter.
      await adminApi.voters(token, "votes", 1, 0);
      onSignedIn(token);
    } catch (error) {
      setProblem(describeSignInError(error, text));
      setChecking(false);
    }
  }

  return (
    <main id="main" className="page admin admin-sign-in">
      <h1>{text.signIn.heading}</h1>
      <p>{text.signIn.intro}</p>
      <form onSubmit={(event) => void submit(event)} className="admin-token-form">
        <label htmlFor={inputId}>{text.signIn.token}</label>
        <input
          id={inputId}
          data-testid="admin-token"
          type="password"
          autoComplete="current-password"
          spellCheck={false}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          aria-invalid={problem !== null}
          aria-describedby={problem ? `${inputId}-problem` : undefined}
          required
        />
        <button type="submit" className="button button--primary" disabled={checking}>
          {checking ? text.signIn.checking : text.signIn.submit}
        </button>
      </form>
      <div role="alert" className={problem ? "alert" : "alert alert--empty"} id={`${inputId}-problem`}>
        {problem && <p>{problem}</p>}
      </div>
    </main>
  );
}

function describeSignInError(error: unknown, text: AdminText): string {
  if (!(error instanceof AdminApiError)) return text.errors.failed({ message: String(error) });
  if (error.status === 401) return text.errors.wrongToken;
  // Without ARENA_ADMIN_TOKEN the admin API is not mounted: its paths are unknown routes.
  if (error.status === 404) return text.errors.disabled;
  if (error.code === "network") return text.errors.network;
  return text.errors.failed({ message: error.message });
}

/** A section's failure, in words (a 401 has already signed the console out). */
export function AdminError({ error, text }: { error: AdminApiError | null; text: AdminText }) {
  return (
    <div role="alert" className={error ? "alert" : "alert alert--empty"}>
      {error && (
        <p>{error.code === "network" ? text.errors.network : text.errors.failed({ message: error.message })}</p>
      )}
    </div>
  );
}
