import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/errors';
import { seedTeams } from '@/db/testing/team-fixture';
import { useTempDatabase } from '@/db/testing/temp-db';
import type { DB } from '../connection';
import { requireAssessment, requireTeam } from './access';
import { createAssessment, getAssessment, setAssessmentArchived } from './assessments';

let db: DB;
let ann: Actor;
let rita: Actor;
let rex: Actor;
let admin: Actor;
let teamId: string;
let otherTeamId: string;
let assessmentId: string;

beforeEach(() => {
  db = useTempDatabase();
  const cast = seedTeams({ Ann: { team: 'Payments', role: 'member' }, Rita: { team: 'Payments', role: 'reviewer' }, Rex: { team: 'Search', role: 'member' } });
  ({ admin, teamId, otherTeamId } = cast);
  ({ Ann: ann, Rita: rita, Rex: rex } = cast.people);
  assessmentId = createAssessment(ann, teamId, { appName: 'Ledger', appKind: 'forge', baseUrl: 'https://ledger.example.com', targetLaunchDate: '2027-01-01', profile: {} }).id;
});

function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('the require funnels', () => {
  it('answer an outsider with not-found and record the denial, also through their own team’s URL', () => {
    const direct = caught(() => requireAssessment(db, rex, assessmentId, 'assessment.read'));
    expect(direct).toBeInstanceOf(NotFoundError);
    expect(direct.denial).toMatchObject({ actor: { id: rex.id }, targetType: 'team', targetId: teamId });
    // Rex names his own team in the URL and Ann's assessment: still a probe of Payments, still counted.
    const viaOwnTeam = caught(() => getAssessment(rex, assessmentId, otherTeamId));
    expect(viaOwnTeam).toBeInstanceOf(NotFoundError);
    expect(viaOwnTeam.denial).toMatchObject({ targetId: teamId });
  });

  it('answer a record of another team named in the URL with not-found, without calling it a probe', () => {
    const e = caught(() => getAssessment(ann, assessmentId, otherTeamId));
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e.denial).toBeNull();
    expect(getAssessment(ann, assessmentId, teamId).assessment.id).toBe(assessmentId);
  });

  it('tell a team member why they may not, and report a lock before anyone may change it', () => {
    expect(caught(() => requireAssessment(db, rita, assessmentId, 'assessment.write'))).toBeInstanceOf(ForbiddenError);
    setAssessmentArchived(ann, assessmentId, true);
    const locked = caught(() => requireAssessment(db, ann, assessmentId, 'assessment.write'));
    expect(locked).toBeInstanceOf(ValidationError);
    expect(locked.message).toMatch(/archived/);
    expect(requireAssessment(db, admin, assessmentId, 'assessment.read').standing).toMatchObject({ isAdmin: true, role: null });
  });

  it('give the UI the same answers the checks give', () => {
    expect(getAssessment(ann, assessmentId)).toMatchObject({ canEdit: true, canArchive: true });
    expect(getAssessment(rita, assessmentId)).toMatchObject({ canEdit: false, canArchive: false });
    expect(requireTeam(db, rita, teamId)).toMatchObject({ role: 'reviewer' });
    expect(caught(() => requireTeam(db, rex, teamId, 'team.read'))).toBeInstanceOf(NotFoundError);
  });
});
