import "./styles.css";

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./App.tsx";
import { uiLanguageReady } from "./i18n/index.ts";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

// A French or Chinese reader waits for that dictionary (one small request), so nothing flashes in English.
void uiLanguageReady.then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
