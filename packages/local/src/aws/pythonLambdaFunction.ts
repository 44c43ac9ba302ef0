import { spawn } from 'node:child_process';
import type { LambdaFunction } from './startLambdaInvokeServer.js';

/** Runs one invocation the way the Lambda Python runtime does, reporting errors in its shape. */
const BOOTSTRAP = `
import importlib, json, sys, time, traceback
spec, deadline, name, request_id = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
class Context:
    function_name = name
    aws_request_id = request_id
    def get_remaining_time_in_millis(self):
        return int(deadline - time.time() * 1000)
event = json.load(sys.stdin)
out, sys.stdout = sys.stdout, sys.stderr
try:
    module, attr = spec.rsplit(".", 1)
    result = getattr(importlib.import_module(module), attr)(event, Context())
    out.write(json.dumps({"result": result}))
except Exception as e:
    frames = traceback.format_list(traceback.extract_tb(e.__traceback__))
    out.write(json.dumps({"error": {"errorMessage": str(e), "errorType": type(e).__name__,
                                    "requestId": request_id, "stackTrace": frames}}))
`;

/** Where a Python function lives and how to run it. */
export interface PythonLambdaOptions {
  /** `module.function`, as Lambda's handler setting (`app.handler`). */
  handler: string;
  /** Directories put on `PYTHONPATH` (the function's code, its packages). */
  path: readonly string[];
  /** The interpreter (default Debian's `/usr/bin/python3`). */
  python?: string;
}

/**
 * A Python function for {@link startLambdaInvokeServer}: each invocation runs the handler in a
 * fresh Python process (killed at the function's deadline), and an exception is reported as
 * the Lambda Python runtime does (`errorType`, `errorMessage`, Python `stackTrace` frames).
 *
 * @example
 * ```ts
 * await startLambdaInvokeServer({ functions: { resize: pythonLambdaFunction({ handler: 'app.handler', path: ['./fn'] }) } });
 * ```
 */
export function pythonLambdaFunction(options: PythonLambdaOptions): LambdaFunction {
  return (event, context) =>
    new Promise((resolve, reject) => {
      const left = context.getRemainingTimeInMillis();
      const child = spawn(
        options.python ?? '/usr/bin/python3',
        [
          '-c',
          BOOTSTRAP,
          options.handler,
          String(Date.now() + left),
          context.functionName,
          context.awsRequestId,
        ],
        {
          env: { ...process.env, PYTHONPATH: options.path.join(':'), PYTHONDONTWRITEBYTECODE: '1' },
          stdio: ['pipe', 'pipe', 'pipe'],
          timeout: left,
          killSignal: 'SIGKILL',
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
      });
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
      });
      child.on('error', reject);
      child.on('close', (code) => {
        let out: { result?: unknown; error?: { errorType: string; errorMessage: string } };
        try {
          out = JSON.parse(stdout);
        } catch {
          const message = `python exited with ${code}: ${stderr.slice(-500)}`;
          return reject(Object.assign(new Error(message), { name: 'Runtime.ExitError' }));
        }
        if (!out.error) return resolve(out.result);
        reject(
          Object.assign(new Error(out.error.errorMessage), {
            name: out.error.errorType,
            errorPayload: out.error,
          }),
        );
      });
      child.stdin.end(JSON.stringify(event));
    });
}
