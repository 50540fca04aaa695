import { ChoiceChips, type Choice } from '../../components/choice-chips';
import { PERIODS, type Period } from './incident-filters';

// "All time" clears the window.
const CHOICES: Choice<Period | undefined>[] = [...PERIODS, { value: undefined, label: 'All time' }];

/** Quick picks for when incidents were opened. */
export function PeriodFilter({ value, onChange }: { value?: Period; onChange(value?: Period): void }) {
  return <ChoiceChips label="Opened" choices={CHOICES} value={value} onChange={onChange} />;
}
