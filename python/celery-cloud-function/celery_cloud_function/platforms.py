"""One remote function, served by each platform's entry point. Runtimes are imported lazily."""
import http.server
import json

from . import wire
from .protocol import handle

JSON = "application/json"


def lambda_handler(fn, bind):
    """An AWS Lambda handler: the event is the request, the return value the answer."""

    def handler(event, _context=None):
        # The runtime serializes with plain json: hand it JSON-safe values.
        return json.loads(wire.dumps(handle(fn, event, bind)))

    return handler


def azure_function(fn, bind):
    """An Azure Functions (Python v1/v2 model) HTTP trigger: ``func.HttpRequest`` → ``func.HttpResponse``."""

    def main(req):
        import azure.functions as func  # the Functions runtime provides it

        answer = wire.dumps(handle(fn, req.get_body(), bind))
        return func.HttpResponse(body=answer, status_code=200, mimetype=JSON)

    return main


def cloud_function(fn, bind):
    """A Google Cloud Functions HTTP function (functions-framework, Flask request)."""

    def entry(request):
        return wire.dumps(handle(fn, request.get_data(), bind)), 200, {"Content-Type": JSON}

    return entry


def http_handler(fn, bind):
    """A ``http.server`` request handler class answering every POST with ``fn``."""
    return routed_http_handler(lambda _path: (lambda body: handle(fn, body, bind)))


def routed_http_handler(route):
    """A ``http.server`` request handler class; ``route(path)`` gives the answering callable or None (404)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            answering = route(self.path.split("?", 1)[0])
            if answering is None:
                self.send_error(404, "no remote function at this path")
                return
            length = int(self.headers.get("Content-Length") or 0)
            answer = wire.dumps(answering(self.rfile.read(length))).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", JSON)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *_args):
            pass

    return Handler


def make_server(fn, bind, host="127.0.0.1", port=8080):
    """A threading HTTP server for the function (``port=0`` picks a free port)."""
    return http.server.ThreadingHTTPServer((host, port), http_handler(fn, bind))


def make_routed_server(functions, host="127.0.0.1", port=8080):
    """A threading HTTP server answering ``POST <path>`` with ``functions[path]`` (RemoteFunctions)."""
    return http.server.ThreadingHTTPServer(
        (host, port), routed_http_handler(lambda path: getattr(functions.get(path), "handle", None)))
