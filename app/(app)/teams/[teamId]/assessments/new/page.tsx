import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTeam } from '@/db/queries/teams';
import { orNotFound } from '@/app/_server/page-helpers';
import { requireUser } from '@/app/_server/current-user';
import { currentCatalog } from '@/lib/catalog/load';
import { AssessmentForm } from '../assessment-form';
import { DERIVED_QUESTIONS } from '../schemas';

export const metadata: Metadata = { title: 'New assessment' };

export default async function NewAssessmentPage({ params }: { params: Promise<{ teamId: string }> }) {
  const actor = await requireUser();
  const { teamId } = await params;
  const team = orNotFound(() => getTeam(actor, teamId));
  if (!team.may.createAssessment) notFound();
  const questions = currentCatalog()
    .profileQuestions.filter((q) => !DERIVED_QUESTIONS.includes(q.id))
    .map(({ id, question, help }) => ({ id, question, help }));
  return (
    <>
      <p>
        <Link href={`/teams/${teamId}`}>← {team.team.name}</Link>
      </p>
      <h1>New assessment</h1>
      <AssessmentForm teamId={teamId} questions={questions} />
    </>
  );
}
