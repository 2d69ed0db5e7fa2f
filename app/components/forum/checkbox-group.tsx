/** A group of checkboxes (a thread's collectivités or thématiques), its error next to it. */
export function CheckboxGroup({
  legend,
  name,
  options,
  checked,
  error,
}: {
  legend: string;
  name: string;
  options: { id: number; name: string }[];
  checked: string[];
  error?: string | undefined;
}) {
  const errorId = `${name}-erreur`;
  return (
    <fieldset className={error ? "fieldset field--error" : "fieldset"} aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      <div className="checkbox-grid">
        {options.map((option) => (
          <label key={option.id} className="checkbox">
            <input type="checkbox" name={name} value={option.id} defaultChecked={checked.includes(String(option.id))} /> {option.name}
          </label>
        ))}
      </div>
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
