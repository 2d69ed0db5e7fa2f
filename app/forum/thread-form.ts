import { textField } from "../lib/form-data";
import type { ThreadFormValues } from "./validation";

export function readThreadForm(form: FormData): ThreadFormValues {
  const list = (name: string) => form.getAll(name).filter((v): v is string => typeof v === "string");
  return {
    title: textField(form, "title"),
    kind: textField(form, "kind"),
    body: textField(form, "body"),
    collectiviteIds: list("collectiviteIds"),
    topicIds: list("topicIds"),
    reportCollectiviteId: textField(form, "reportCollectiviteId"),
    reportEstablishments: textField(form, "reportEstablishments"),
    reportPeriodStart: textField(form, "reportPeriodStart"),
    reportPeriodEnd: textField(form, "reportPeriodEnd"),
  };
}
