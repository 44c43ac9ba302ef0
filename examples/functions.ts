/**
 * A Lambda-style function for `celery-cloud dev --functions examples/functions.ts`: the local
 * Lambda Invoke API serves each export under its name, so the route `lambda://greet`
 * (see routes.json) reaches `greet` offline, exactly as it would reach a deployed function.
 */

/** The invocation payload the `lambda://` executor sends (docs/aws.md). */
interface TaskInvocation {
  args: unknown[];
  kwargs: Record<string, unknown>;
  task: { id: string; name: string; retries: number };
}

/** `remote.greet(name)` → `'Hello, <name>!'`; a thrown error becomes the task's FAILURE. */
export async function greet(event: TaskInvocation): Promise<string> {
  const [name] = event.args;
  if (typeof name !== 'string') throw new TypeError(`${event.task.name} needs a name`);
  return `Hello, ${name}!`;
}
