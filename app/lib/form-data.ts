/** Reads a text field from submitted form data: a missing or non-text value reads as "". */
export function textField(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
