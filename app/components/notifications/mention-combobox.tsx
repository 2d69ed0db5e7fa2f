import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from "react";

import { mentionBeforeCaret } from "../../notifications/mention-query";

interface Member {
  id: number;
  handle: string;
  displayName: string;
}

const DEBOUNCE_MS = 150;

/**
 * "@" in a post editor offers members by name and handle (JavaScript only; without it the
 * textarea is plain). The keyboard behaviour of the header search: ↓/↑ move through the list,
 * Entrée (or Tab) inserts the highlighted member's @handle, Échap closes the list. The textarea
 * keeps the focus; the highlighted option is announced through aria-activedescendant.
 */
export function useMentionCombobox(textarea: RefObject<HTMLTextAreaElement | null>, listId: string, onInserted: () => void) {
  const [members, setMembers] = useState<Member[]>([]);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const typed = useRef<{ query: string; start: number } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pending = useRef<AbortController | null>(null);

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      pending.current?.abort();
    },
    [],
  );

  function close() {
    setOpen(false);
    typed.current = null;
  }

  async function load(query: string) {
    pending.current?.abort();
    const controller = new AbortController();
    pending.current = controller;
    try {
      const response = await fetch(`/membres/suggestions?q=${encodeURIComponent(query)}`, { signal: controller.signal, headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const data = (await response.json()) as { members: Member[] };
      if (controller.signal.aborted) return;
      setMembers(data.members);
      setActive(0);
      setOpen(data.members.length > 0);
    } catch {
      // Aborted by a newer keystroke, or offline: typing goes on as plain text.
    }
  }

  /** Call on every input: opens, refreshes or closes the list for the "@…" before the caret. */
  function onInput() {
    const element = textarea.current;
    if (!element) return;
    const found = element.selectionStart === element.selectionEnd ? mentionBeforeCaret(element.value.slice(0, element.selectionStart)) : null;
    typed.current = found;
    clearTimeout(timer.current);
    if (!found) {
      pending.current?.abort();
      setOpen(false);
      return;
    }
    timer.current = setTimeout(() => void load(found.query), DEBOUNCE_MS);
  }

  function insert(member: Member) {
    const element = textarea.current;
    const found = typed.current;
    if (!element || !found) return close();
    const caret = element.selectionStart;
    const text = `@${member.handle} `;
    element.setRangeText(text, found.start, caret, "end");
    close();
    onInserted();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (!open || members.length === 0) return;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        setActive((index) => (index + 1) % members.length);
        return;
      case "ArrowUp":
        event.preventDefault();
        setActive((index) => (index <= 0 ? members.length - 1 : index - 1));
        return;
      case "Enter":
      case "Tab": {
        const chosen = members[active];
        if (chosen) {
          event.preventDefault();
          insert(chosen);
        }
        return;
      }
      case "Escape":
        event.preventDefault();
        close();
        return;
    }
  }

  const expanded = open && members.length > 0;
  const optionId = (index: number) => `${listId}-${index}`;
  return {
    textareaProps: {
      onKeyDown,
      onBlur: close,
      "aria-autocomplete": "list" as const,
      "aria-controls": listId,
      "aria-activedescendant": expanded ? optionId(active) : undefined,
    },
    onInput,
    list: (
      <>
        <ul id={listId} role="listbox" aria-label="Membres à mentionner" className="mention-list" hidden={!expanded}>
          {members.map((member, index) => (
            <li
              key={member.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className={index === active ? "mention-list__option is-active" : "mention-list__option"}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => insert(member)}
            >
              {member.displayName} <span className="muted">@{member.handle}</span>
            </li>
          ))}
        </ul>
        <p className="visually-hidden" role="status" aria-live="polite">
          {expanded ? `${members.length} membre${members.length > 1 ? "s" : ""} à mentionner : flèches haut et bas pour choisir, Entrée pour insérer.` : ""}
        </p>
      </>
    ),
  };
}
