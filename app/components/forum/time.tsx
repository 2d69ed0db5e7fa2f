import { formatDateTime, isoDateTime } from "../../lib/dates";
import { formatRelative } from "../../lib/relative-time";

/** "il y a 3 jours", with the full French date on hover and for assistive technologies. */
export function RelativeTime({ value, now }: { value: Date | string; now: number }) {
  const full = formatDateTime(value);
  return (
    <time dateTime={isoDateTime(value)} title={full}>
      {formatRelative(value, now)}
    </time>
  );
}
