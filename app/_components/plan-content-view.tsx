import type { PlanContent } from '@/lib/plans/content';
import { fieldLines } from '@/lib/plans/render';
import type { PlanTemplate } from '@/lib/plans/template-schema';

/** A plan's content, read-only, every value rendered as text. */
export function PlanContentView({ template, content }: { template: PlanTemplate; content: PlanContent }) {
  return (
    <>
      {template.sections.map((section) => (
        <section key={section.id} className="card" aria-labelledby={`view-${section.id}`}>
          <h2 id={`view-${section.id}`}>{section.title}</h2>
          <dl className="plan-view">
            {section.fields.map((field) => {
              const lines = fieldLines(field, content[section.id]?.[field.id]);
              return (
                <div key={field.id}>
                  <dt>{field.label}</dt>
                  <dd>
                    {lines.length === 0 ? (
                      <span className="muted">Not filled in.</span>
                    ) : field.type === 'list' || field.type === 'steps' ? (
                      <ul className="plain-list">
                        {lines.map((l, i) => (
                          <li key={i}>{l}</li>
                        ))}
                      </ul>
                    ) : (
                      <p className="pre-wrap">{lines.join('\n')}</p>
                    )}
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>
      ))}
    </>
  );
}
