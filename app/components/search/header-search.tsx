import { Form, useNavigate } from "@remix-run/react";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";

import { kindLabels } from "../../forum/kinds";
import { useHydrated } from "../use-hydrated";

interface Suggestion {
  id: number;
  title: string;
  kind: keyof typeof kindLabels;
  href: string;
}

const MIN_LENGTH = 2;
const DEBOUNCE_MS = 200;
const INPUT_ID = "recherche-entete";
const LIST_ID = "recherche-entete-suggestions";
const optionId = (index: number) => `${LIST_ID}-${index}`;

/**
 * The header's search box. Without JavaScript: a GET form to /recherche. With it, the WAI-ARIA
 * combobox pattern (list autocomplete): after two characters, the five best thread titles
 * (debounced); ↓/↑ move through them, Entrée opens the highlighted thread or else runs the full
 * search, Échap closes the list (or clears the box when it is already closed).
 */
export function HeaderSearch() {
  const hydrated = useHydrated();
  const navigate = useNavigate();
  const [value, setValue] = useState("");
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pending = useRef<AbortController | null>(null);

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      pending.current?.abort();
    },
    [],
  );

  async function load(text: string) {
    pending.current?.abort();
    const controller = new AbortController();
    pending.current = controller;
    try {
      const response = await fetch(`/recherche/suggestions?q=${encodeURIComponent(text)}`, {
        signal: controller.signal,
        headers: { Accept: "application/json" },
      });
      if (!response.ok) return;
      const data = (await response.json()) as { suggestions: Suggestion[] };
      if (controller.signal.aborted) return;
      setSuggestions(data.suggestions);
      setActive(-1);
      setOpen(data.suggestions.length > 0);
    } catch {
      // Aborted by a newer keystroke, or offline: the form still submits to /recherche.
    }
  }

  function onChange(text: string) {
    setValue(text);
    setActive(-1);
    clearTimeout(timer.current);
    if (text.trim().length < MIN_LENGTH) {
      pending.current?.abort();
      setSuggestions([]);
      setOpen(false);
      return;
    }
    timer.current = setTimeout(() => void load(text), DEBOUNCE_MS);
  }

  function close() {
    setOpen(false);
    setActive(-1);
  }

  function choose(suggestion: Suggestion) {
    close();
    navigate(suggestion.href);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const count = suggestions.length;
    switch (event.key) {
      case "ArrowDown":
        if (count === 0) return;
        event.preventDefault();
        if (!open) {
          setOpen(true);
          setActive(event.altKey ? -1 : 0);
        } else {
          setActive((index) => (index + 1) % count);
        }
        return;
      case "ArrowUp":
        if (count === 0) return;
        event.preventDefault();
        setOpen(true);
        setActive((index) => (index <= 0 ? count - 1 : index - 1));
        return;
      case "Enter": {
        const chosen = open && active >= 0 ? suggestions[active] : undefined;
        if (chosen) {
          event.preventDefault();
          choose(chosen);
        } else {
          close();
        }
        return;
      }
      case "Escape":
        event.preventDefault();
        if (open) close();
        else onChange("");
        return;
      case "Tab":
        close();
        return;
    }
  }

  const expanded = hydrated && open && suggestions.length > 0;
  const combobox = hydrated
    ? {
        role: "combobox" as const,
        "aria-autocomplete": "list" as const,
        "aria-expanded": expanded,
        "aria-controls": LIST_ID,
        "aria-activedescendant": expanded && active >= 0 ? optionId(active) : undefined,
      }
    : {};

  return (
    <Form method="get" action="/recherche" role="search" aria-label="Recherche rapide" className="header-search" onSubmit={close}>
      <label htmlFor={INPUT_ID} className="visually-hidden">
        Rechercher dans les échanges
      </label>
      <input
        id={INPUT_ID}
        name="q"
        type="search"
        placeholder="Rechercher…"
        autoComplete="off"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={close}
        {...combobox}
      />
      <button type="submit" className="header-search__submit">
        <svg className="header-search__icon" aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 16 16">
          <circle cx="6.5" cy="6.5" r="5" fill="none" stroke="currentColor" strokeWidth="2" />
          <line x1="10.2" y1="10.2" x2="15" y2="15" stroke="currentColor" strokeWidth="2" />
        </svg>
        <span className="header-search__label">Rechercher</span>
      </button>
      <ul id={LIST_ID} role="listbox" aria-label="Fils suggérés" className="header-search__list" hidden={!expanded}>
        {suggestions.map((suggestion, index) => (
          <li
            key={suggestion.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            className={index === active ? "header-search__option is-active" : "header-search__option"}
            // Keep the focus in the box: the click below does the choosing.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(suggestion)}
          >
            <span className="header-search__kind">{kindLabels[suggestion.kind]}</span> {suggestion.title}
          </li>
        ))}
      </ul>
      <p className="visually-hidden" role="status" aria-live="polite">
        {expanded ? `${suggestions.length} fil${suggestions.length > 1 ? "s" : ""} suggéré${suggestions.length > 1 ? "s" : ""} : flèches haut et bas pour choisir.` : ""}
      </p>
    </Form>
  );
}
