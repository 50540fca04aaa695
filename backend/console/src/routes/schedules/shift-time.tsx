// Shift boundaries are read as a plan ("Mon 30 Mar, 09:00"), not as "in 2 days": absolute, in the browser's zone.
const format = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export function ShiftTime({ value }: { value: string }) {
  return <time dateTime={value}>{format.format(new Date(value))}</time>;
}
