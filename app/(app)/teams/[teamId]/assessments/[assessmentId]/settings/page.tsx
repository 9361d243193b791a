import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getAssessment } from '@/db/queries/assessments';
import { requireUser } from '@/app/_server/current-user';
import { currentCatalog } from '@/lib/catalog/load';
import { orNotFound } from '@/app/_server/page-helpers';
import { AssessmentForm } from '../../assessment-form';
import { DERIVED_QUESTIONS } from '../../schemas';

export const metadata: Metadata = { title: 'Assessment settings' };

export default async function AssessmentSettingsPage({ params }: { params: Promise<{ teamId: string; assessmentId: string }> }) {
  const actor = await requireUser();
  const { teamId, assessmentId } = await params;
  const { assessment, canEdit } = orNotFound(() => getAssessment(actor, assessmentId, teamId));
  if (!canEdit) notFound();
  const questions = currentCatalog()
    .profileQuestions.filter((q) => !DERIVED_QUESTIONS.includes(q.id))
    .map(({ id, question, help }) => ({ id, question, help }));
  const stored = JSON.parse(assessment.profile) as Record<string, boolean>;
  const profile = Object.fromEntries(questions.filter((q) => q.id in stored).map((q) => [q.id, stored[q.id] ? ('yes' as const) : ('no' as const)]));
  return (
    <>
      <p>
        <Link href={`/teams/${teamId}/assessments/${assessmentId}`}>← {assessment.appName}</Link>
      </p>
      <h1>Settings and profile</h1>
      <AssessmentForm
        teamId={teamId}
        assessmentId={assessmentId}
        questions={questions}
        defaults={{ teamId, appName: assessment.appName, appKind: assessment.appKind, baseUrl: assessment.baseUrl, targetLaunchDate: assessment.targetLaunchDate, profile }}
      />
    </>
  );
}
