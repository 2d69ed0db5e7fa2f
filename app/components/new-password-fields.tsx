import { MIN_PASSWORD_LENGTH } from "../auth/password-policy";
import { InputField } from "./form";

/**
 * The "choose a password" pair of every form that sets one (invitation, reset, account). Its
 * fields are never pre-filled: a password is never sent back by the server.
 */
export function NewPasswordFields({
  errors,
  label = "Nouveau mot de passe",
  name = "password",
  idPrefix = "",
}: {
  errors: Partial<Record<string, string>>;
  label?: string;
  name?: string;
  idPrefix?: string;
}) {
  return (
    <>
      <InputField
        id={`${idPrefix}password`}
        name={name}
        type="password"
        label={label}
        hint={`Au moins ${MIN_PASSWORD_LENGTH} caractères. Une phrase de plusieurs mots est facile à retenir et difficile à deviner.`}
        required
        autoComplete="new-password"
        error={errors[name]}
      />
      <InputField
        id={`${idPrefix}confirmation`}
        name="confirmation"
        type="password"
        label={`Confirmation du ${label.charAt(0).toLowerCase()}${label.slice(1)}`}
        required
        autoComplete="new-password"
        error={errors.confirmation}
      />
    </>
  );
}
