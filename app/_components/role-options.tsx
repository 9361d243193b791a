import { teamRoles } from '@/lib/domain/enums';
import { roleDescriptions } from '@/lib/validation/team';

/** The team roles as <option>s, each described by what it may do: one wording wherever a role is picked. */
export function RoleOptions() {
  return teamRoles.map((r) => (
    <option key={r} value={r}>
      {roleDescriptions[r]}
    </option>
  ));
}
