import { useNavigation } from "@remix-run/react";

/**
 * The submit button of a form that creates something. While the submission is on its way it is
 * disabled and says so, so a second click on a slow network sends nothing (the form's one-time
 * submission key covers the case without JavaScript).
 */
export function PublishButton({ intent, label }: { intent: string; label: string }) {
  const navigation = useNavigation();
  const pending = navigation.state !== "idle" && navigation.formMethod?.toUpperCase() === "POST" && navigation.formData?.get("intent") === intent;
  return (
    <button type="submit" name="intent" value={intent} className="button" disabled={pending} aria-disabled={pending || undefined}>
      {pending ? "Publication…" : label}
    </button>
  );
}

/** The hidden one-time key of a creating form (see `app/forum/submission-keys.server.ts`). */
export function SubmissionKeyInput({ value }: { value: string }) {
  return <input type="hidden" name="submissionKey" value={value} />;
}
