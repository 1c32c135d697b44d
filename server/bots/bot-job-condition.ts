/**
 * A scheduled job's condition (condition_script_code) as the runtime evaluates it: Metabot's form is
 * a function body that returns true to run, with `leadId` in scope; it becomes one expression.
 */
export function conditionExpression(body: string): string {
  return `(async function (leadId) {\n${body}\n})(lead.getData('id'))`;
}
