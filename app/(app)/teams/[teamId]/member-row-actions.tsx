'use client';

import { useActionRunner } from '@/app/_components/use-action-runner';
import { teamRoles, type TeamRole } from '@/lib/domain/enums';
import { changeRoleAction, removeMemberAction } from './actions';

export function MemberRowActions({ teamId, userId, name, role }: { teamId: string; userId: string; name: string; role: TeamRole }) {
  const { pending, error, run } = useActionRunner();

  return (
    <div className="row-actions">
      <label className="sr-only" htmlFor={`role-${userId}`}>
        Role of {name}
      </label>
      <select id={`role-${userId}`} value={role} disabled={pending} onChange={(e) => run(() => changeRoleAction({ teamId, userId, role: e.target.value }))}>
        {teamRoles.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <button type="button" className="danger" disabled={pending} onClick={() => run(() => removeMemberAction({ teamId, userId }))}>
        Remove {name}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
