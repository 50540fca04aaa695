import type { Schemas } from '../../api/client';
import { ChoiceChips, type Choice } from '../../components/choice-chips';

export type ActivityRange = Schemas['ActivityWindowDto']['range'];
const RANGES: Choice<ActivityRange>[] = [
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
];

export const readActivityRange = (params: URLSearchParams): ActivityRange => (params.get('activity') === '24h' ? '24h' : '1h');

/** The sparklines' window, as pressed buttons (kept in the URL as ?activity=). */
export function ActivityRangePicker({ value, onChange }: { value: ActivityRange; onChange(value: ActivityRange): void }) {
  return <ChoiceChips label="Activity window" choices={RANGES} value={value} onChange={onChange} />;
}
