import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

/**
 * The one form-error pattern: an action answers 400 with `{ errors, values }` (never a password);
 * each field shows its message under its label, tied by aria-describedby, and keeps its value.
 */

export type FieldErrors = Partial<Record<string, string>>;

interface FieldShellProps {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  children: (describedBy: string | undefined) => ReactNode;
}

function FieldShell({ id, label, error, hint, children }: FieldShellProps) {
  const hintId = hint ? `${id}-aide` : undefined;
  const errorId = error ? `${id}-erreur` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      {children(describedBy)}
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type InputFieldProps = { label: string; error?: string | undefined; hint?: ReactNode; id: string } & InputHTMLAttributes<HTMLInputElement>;

export function InputField({ label, error, hint, id, ...input }: InputFieldProps) {
  return (
    <FieldShell id={id} label={label} error={error} hint={hint}>
      {(describedBy) => <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />}
    </FieldShell>
  );
}

type SelectFieldProps = { label: string; error?: string | undefined; hint?: ReactNode; id: string } & SelectHTMLAttributes<HTMLSelectElement>;

export function SelectField({ label, error, hint, id, children, ...select }: SelectFieldProps) {
  return (
    <FieldShell id={id} label={label} error={error} hint={hint}>
      {(describedBy) => (
        <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...select}>
          {children}
        </select>
      )}
    </FieldShell>
  );
}

type TextareaFieldProps = { label: string; error?: string | undefined; hint?: ReactNode; id: string } & TextareaHTMLAttributes<HTMLTextAreaElement>;

export function TextareaField({ label, error, hint, id, ...textarea }: TextareaFieldProps) {
  return (
    <FieldShell id={id} label={label} error={error} hint={hint}>
      {(describedBy) => <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...textarea} />}
    </FieldShell>
  );
}

/** A message for the whole form (e.g. wrong credentials), announced to screen readers. */
export function FormAlert({ children, tone = "error" }: { children: ReactNode; tone?: "error" | "success" }) {
  return (
    <div className={`alert alert--${tone}`} role={tone === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

/**
 * A filter `<select>`: an empty "any" choice, then the options. Uncontrolled (the form's GET
 * submission carries it) unless `onChange` is given, as where other controls follow its value.
 */
export function FilterSelect({
  id,
  name,
  label,
  anyLabel,
  value,
  options,
  onChange,
}: {
  id: string;
  name: string;
  label: string;
  anyLabel: string;
  value: string | null;
  options: readonly { value: string; label: string }[];
  onChange?: (value: string) => void;
}) {
  const selection = onChange ? { value: value ?? "", onChange: (e: { target: { value: string } }) => onChange(e.target.value) } : { defaultValue: value ?? "" };
  return (
    <SelectField id={id} name={name} label={label} {...selection}>
      <option value="">{anyLabel}</option>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </SelectField>
  );
}
